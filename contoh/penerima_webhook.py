"""A webhook receiver for kinerja (README, "Webhooks"): verifies every delivery with the
standardwebhooks package, ignores a webhook-id it has already taken, and answers 204.

usage: KINERJA_WEBHOOK_SECRET=whsec_... python penerima_webhook.py PORT
"""
import json, os, sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from standardwebhooks.webhooks import Webhook

class Penerima(BaseHTTPRequestHandler):
    webhook = Webhook(os.environ["KINERJA_WEBHOOK_SECRET"])
    diterima = set()  # webhook-ids already taken: a delivery may come again (at least once)

    def do_POST(self):
        body = self.rfile.read(int(self.headers["content-length"]))
        try:
            pesan = self.webhook.verify(body, dict(self.headers))  # raises on a bad signature
        except Exception:
            return self.jawab(401)
        if self.headers["webhook-id"] not in self.diterima:
            self.diterima.add(self.headers["webhook-id"])
            self.olah(pesan)
        self.jawab(204)

    def olah(self, pesan):  # here: update the warehouse, refresh a sheet, ...
        print(json.dumps({"type": pesan["type"], "tautan": pesan["data"]["tautan"]}), flush=True)

    def jawab(self, status):
        self.send_response(status)
        self.end_headers()

if __name__ == "__main__":
    ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Penerima).serve_forever()
