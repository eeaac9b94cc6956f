// Starts the GOV.UK Frontend components (error summary focus, character counts, exit this page).
import { initAll } from "../govuk/govuk-frontend.min.js";

initAll();
