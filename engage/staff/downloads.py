"""Files the staff side gives to save: CSV or XLSX, sent as an attachment with its name."""

from pathlib import PurePath

from flask import Response, abort

from engage.services.exports import CSV_TYPE, XLSX_TYPE, Export, to_csv, to_xlsx

FILE_TYPES = {".csv": CSV_TYPE, ".xlsx": XLSX_TYPE, ".yaml": "application/yaml"}
EXPORT_FORMATS = ("csv", "xlsx")


def download(body: str | bytes, filename: str) -> Response:
    """A file to save as `filename`, its type taken from the name's ending.

    Text goes as UTF-8 with a byte order mark, so that spreadsheets read names in Punjabi,
    Polish or Urdu correctly."""
    content = body.encode("utf-8-sig") if isinstance(body, str) else body
    response = Response(content, content_type=FILE_TYPES[PurePath(filename).suffix])
    response.headers.set("Content-Disposition", "attachment", filename=filename)
    return response


def export_download(export: Export, file_format: str, name: str) -> Response:
    """An export as CSV or XLSX, saved as `name.csv` or `name.xlsx`; 404 for another format."""
    if file_format not in EXPORT_FORMATS:
        abort(404)
    body = to_csv(export) if file_format == "csv" else to_xlsx(export)
    return download(body, f"{name}.{file_format}")
