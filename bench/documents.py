"""Benchmark: documents list, a page with many documents, a 50 MB upload and download (time
and Python memory), and the storage cleanup.

Usage: python -m bench.documents [--documents 10000] [--database-url sqlite:///...]
"""

import argparse
import io
import time
import tracemalloc

from models import db
from models.core.storage import files
from models.documents.operations import cleanup_storage
from seed.factories import make_document, make_participation, make_project, make_user

from .common import bench_app, client_of, median_ms

MB = 1024 * 1024


def _seed(count):
    project = make_project()
    admin = make_user(role="admin", projects=[project])
    crowded = make_participation(project=project)
    with db.atomic():
        for index in range(count):
            target = crowded if index < 50 else make_participation(project=project)
            make_document(target, name=f"Bescheid {index}.pdf")
    return admin, crowded


def _upload_and_download(client, crowded, limit_mb):
    content = b"%PDF-" + b"x" * (limit_mb * MB - 5)
    tracemalloc.start()
    start = time.perf_counter()
    response = client.post(
        f"/admin/document/upload/?target=participation&id={crowded.id}",
        data={"files": [(io.BytesIO(content), "gross.pdf")], "kind": "other"},
        content_type="multipart/form-data")
    upload_s = time.perf_counter() - start
    upload_peak = tracemalloc.get_traced_memory()[1] / MB
    tracemalloc.stop()
    assert response.status_code == 303
    from models import Document

    with db.connection_context():
        document = Document.select().order_by(Document.id.desc()).first()
    assert document.size == len(content), "the file at the limit must be stored"
    tracemalloc.start()
    start = time.perf_counter()
    response = client.get(f"/admin/document/download/?id={document.id}")
    size = sum(len(chunk) for chunk in response.response)
    download_s = time.perf_counter() - start
    download_peak = tracemalloc.get_traced_memory()[1] / MB
    tracemalloc.stop()
    assert size == len(content)
    print(f"upload {limit_mb} MB (test client)      {upload_s * 1000:8.1f} ms, "
          f"Python peak {upload_peak:.1f} MB (the request body itself is {limit_mb} MB)")
    print(f"download {limit_mb} MB (streamed)     {download_s * 1000:8.1f} ms, "
          f"Python peak {download_peak:.1f} MB")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--documents", type=int, default=10000)
    parser.add_argument("--database-url", default=None)
    args = parser.parse_args()
    app, _url = bench_app(args.database_url)
    with db.connection_context():
        start = time.perf_counter()
        admin, crowded = _seed(args.documents)
        print(f"seeded {args.documents} documents in {time.perf_counter() - start:.1f} s")
    client = client_of(app, admin)
    last_page = args.documents // 20 - 1
    for label, path in (
        ("documents list, page 1", "/admin/document/"),
        ("documents list, last page", f"/admin/document/?page={last_page}"),
        ("documents list, search", "/admin/document/?search=Bescheid%2012"),
        ("participation page, 50 documents", f"/admin/participation/details/?id={crowded.id}"),
    ):
        print(f"{label:<34} {median_ms(client, 'get', path):8.1f} ms (median of 5)")
    _upload_and_download(client, crowded, app.config["UPLOAD_MAX_MB"])
    with db.connection_context():
        start = time.perf_counter()
        report = cleanup_storage(files, 3600, verify=False)
        print(f"cleanup over {args.documents + 1} documents  "
              f"{(time.perf_counter() - start) * 1000:8.1f} ms ({len(report.removed)} removed, "
              f"{len(report.missing)} missing)")


if __name__ == "__main__":
    main()
