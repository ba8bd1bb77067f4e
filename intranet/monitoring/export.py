"""CSV downloads of the monitoring tables: UTF-8 with a byte-order mark (so that spreadsheet
programs on Windows read Kazakh letters right), written with the ``csv`` module."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

from flask import Response

BOM = "\ufeff"


def csv_response(
    filename: str, header: Sequence[str], rows: Iterable[Sequence[object]]
) -> Response:
    buffer = io.StringIO()
    buffer.write(BOM)
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows(rows)
    response = Response(buffer.getvalue().encode("utf-8"), mimetype="text/csv")
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.charset = "utf-8"
    return response
