// Builds engage/static/govuk/ from the govuk-frontend package: the styles compiled with
// a plain font stack (Engage is a partnership's service, so no GDS Transport, no crown).
import { cpSync, mkdirSync, writeFileSync } from "node:fs";
import { compile } from "sass";

const source = "node_modules/govuk-frontend/dist/govuk";
const target = "engage/static/govuk";

mkdirSync(target, { recursive: true });

const css = compile("engage/styles/engage.scss", {
  loadPaths: ["node_modules"],
  style: "compressed",
  quietDeps: true,
  silenceDeprecations: ["import"],
});
writeFileSync(`${target}/engage.css`, css.css);

cpSync(`${source}/govuk-frontend.min.js`, `${target}/govuk-frontend.min.js`);
console.log(`Built ${target}/engage.css and copied govuk-frontend.min.js`);
