"""Webhooks checked from outside (run by .ci/webhook in the standardwebhooks venv).

The service (demo data, SQLite) gets a subscription pointing at the README's receiver; the
receiver here is that class, holding its first answer for a while, during which the service is
killed with SIGKILL and started again. Every change must still arrive, verified by the
standardwebhooks package, in the feed's order, the interrupted one again with its webhook-id.
"""
import importlib.metadata, json, os, signal, socket, subprocess, sys, tempfile, threading, time, urllib.request

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "contoh"))
BIN = os.environ["BIN"]
DATA = tempfile.mkdtemp()


def port_bebas():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


PORT, PORT_RX = port_bebas(), port_bebas()
URL = f"http://127.0.0.1:{PORT}"
ENV = dict(os.environ, KINERJA_DATA_DIR=DATA, KINERJA_LOG="warn", KINERJA_BIND=f"127.0.0.1:{PORT}",
           KINERJA_WEBHOOK_IZINKAN="127.0.0.1/32")


def layanan():
    p = subprocess.Popen([BIN, "serve"], env=ENV, stdout=open(f"{DATA}/server.log", "a"), stderr=subprocess.STDOUT)
    for _ in range(120):
        try:
            urllib.request.urlopen(f"{URL}/ready", timeout=1)
            return p
        except Exception:
            time.sleep(0.5)
    sys.exit("the service did not become ready:\n" + open(f"{DATA}/server.log").read())


def minta(method, path, token=None, body=None, form=None):
    data = json.dumps(body).encode() if body is not None else (form.encode() if form else None)
    req = urllib.request.Request(URL + path, data=data, method=method)
    if token:
        req.add_header("Authorization", f"Bearer {token}")
    req.add_header("Content-Type", "application/json" if body is not None else "application/x-www-form-urlencoded")
    with urllib.request.urlopen(req, timeout=70) as r:
        return json.loads(r.read() or b"null")


def token(satker, peran):
    cred = json.loads(subprocess.check_output([BIN, "client", "create", "--satker", satker, "--role", peran,
                                               "--nama", "ci-webhook"], env=ENV))
    return minta("POST", "/api/v1/auth/token",
                 form=f"grant_type=client_credentials&client_id={cred['client_id']}&client_secret={cred['client_secret']}")["access_token"]


server = layanan()
op = token("18.01", "operator")
baru = minta("POST", "/api/v1/langganan", op, {"url": f"http://127.0.0.1:{PORT_RX}/kinerja", "jenis": ["narasi_lkj.simpan"]})
os.environ["KINERJA_WEBHOOK_SECRET"] = baru["rahasia"]
mulai = baru["langganan"]["kursor"]

import penerima_webhook  # noqa: E402  (reads the secret when imported, as the README runs it)

catatan, kunci, tahan = [], threading.Lock(), threading.Event()


class Uji(penerima_webhook.Penerima):
    """The README's receiver, recording each delivery; the first one is answered only once the
    service has been killed (its answer then goes nowhere)."""

    def do_POST(self):
        with kunci:
            pertama = not catatan
            catatan.append({"id": self.headers["webhook-id"]})
        if pertama:
            tahan.wait(60)
        super().do_POST()

    def olah(self, pesan):
        with kunci:
            for c in catatan:
                if c["id"] == self.headers["webhook-id"] and "pesan" not in c:
                    c["pesan"] = pesan

    def jawab(self, status):
        with kunci:
            for c in catatan:
                if c["id"] == self.headers["webhook-id"]:
                    c["status"] = status
        super().jawab(status)

    def log_message(self, *a):
        pass


rx = penerima_webhook.ThreadingHTTPServer(("127.0.0.1", PORT_RX), Uji)
threading.Thread(target=rx.serve_forever, daemon=True).start()

for i in range(5):
    minta("PUT", "/api/v1/satker/18.01/lkj/2024/narasi", op, {"penutup": f"Penutup uji webhook {i}."})
for _ in range(300):
    if catatan:
        break
    time.sleep(0.1)
assert catatan, "no delivery arrived"
server.send_signal(signal.SIGKILL)
server.wait()
tahan.set()
print(f"killed the service while delivery {catatan[0]['id']} waited for its answer")
t0 = time.time()
server = layanan()
try:
    feed = minta("GET", f"/api/v1/perubahan?setelah={mulai}&jenis=narasi_lkj.simpan&batas=100", token("18.01", "analis"))
    want = [p["kursor"] for p in feed["perubahan"]]
    assert len(want) == 5, feed
    for _ in range(900):
        with kunci:
            ok = {c["pesan"]["data"]["kursor"] for c in catatan if c.get("status") == 204 and "pesan" in c}
        if ok >= set(want):
            break
        time.sleep(0.1)
    with kunci:
        ditolak = [c for c in catatan if c.get("status") == 401]
        pertama_kali = []
        for c in catatan:
            k = c.get("pesan", {}).get("data", {}).get("kursor")
            if k and k not in pertama_kali:
                pertama_kali.append(k)
        ulang = [c for c in catatan if c["id"] == catatan[0]["id"]]
    assert not ditolak, f"signatures refused by standardwebhooks: {ditolak}"
    assert pertama_kali == want, f"every change, in the feed's order: {pertama_kali} != {want}"
    assert len(ulang) >= 2, "the interrupted delivery came again"
    print(f"webhooks: {len(catatan)} deliveries, all verified by standardwebhooks {importlib.metadata.version('standardwebhooks')}; "
          f"the interrupted one ({catatan[0]['id']}) again after the restart, {time.time() - t0:.1f} s later; "
          f"all 5 changes in order")
finally:
    server.send_signal(signal.SIGTERM)
    server.wait()
    rx.shutdown()
