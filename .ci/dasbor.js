// The dashboard as a person uses it, in Chromium: see .ci/dasbor.
const { chromium } = require('playwright-core');
const assert = require('node:assert/strict');
const path = require('node:path');

const { BASE, ANALIS, VERIFIKATOR, TOKEN, SHOTS } = process.env;
const origin = new URL(BASE).origin;

async function api(p) {
  const res = await fetch(BASE + p, { headers: { Authorization: `Bearer ${TOKEN}` } });
  assert.equal(res.status, 200, p);
  return res.json();
}
// A percentage of the API as the pages show it (docs/capaian.md): at most two decimals, half
// up, worked on the decimal text itself so that no binary fraction rounds it.
const persen = (s) => {
  const tanda = s.startsWith('-') ? '-' : '';
  const [bulat, pecahan = ''] = s.replace('-', '').split('.');
  if (pecahan.length <= 2) return `${tanda}${bulat}${pecahan ? `,${pecahan}` : ''}%`;
  const n = (BigInt(bulat + pecahan.slice(0, 2)) + (pecahan[2] >= '5' ? 1n : 0n)).toString().padStart(3, '0');
  return `${tanda}${n.slice(0, -2)},${n.slice(-2)}%`;
};

(async () => {
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
  const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: 'id-ID' });
  const lain = [];
  // The closed network: anything for another origin is refused, and noted.
  await context.route('**/*', (route) => {
    const u = new URL(route.request().url());
    if (u.origin === origin || u.protocol === 'data:') return route.continue();
    lain.push(u.href);
    return route.abort();
  });
  const page = await context.newPage();
  const galat = [];
  page.on('pageerror', (e) => galat.push(String(e)));
  const shot = (name) => page.screenshot({ path: path.join(SHOTS, name), fullPage: true });

  // Opening the dashboard sends a person to the login form, and back after it.
  async function masuk(username, password, p = page) {
    await p.goto(`${BASE}/dasbor`);
    assert.match(p.url(), /\/dasbor\/masuk\?lanjut=/);
    await p.getByLabel('Nama pengguna').fill(username);
    await p.getByLabel('Kata sandi').fill(password);
    await p.getByRole('button', { name: 'Masuk' }).click();
    await p.waitForURL(`${BASE}/dasbor`);
  }

  // The provinsi analyst: Lampung's 15 kabupaten/kota, Lampung Utara as the API reports it.
  await page.goto(`${BASE}/`);
  await shot('beranda.png');
  await masuk('analis.lampung', ANALIS);
  const cookies = await context.cookies();
  const sesi = cookies.find((c) => c.name === 'kinerja_sesi');
  assert.ok(sesi && sesi.httpOnly && sesi.sameSite === 'Strict', 'HttpOnly, SameSite=Strict session');
  assert.equal(await page.evaluate(() => document.cookie.includes('kinerja_sesi')), false, 'no script reads it');
  const kab = page.locator('#tabel-ringkasan tbody tr[data-kode^="18."]');
  assert.equal(await kab.count(), 15);
  const ringkasan = await api('/api/v1/provinsi/18/ringkasan?tahun=2024');
  const lu = ringkasan.satker.find((s) => s.kode === '18.03');
  const baris = page.locator('#tabel-ringkasan tr[data-kode="18.03"]');
  assert.equal(await baris.locator('[data-kolom="capaian"]').innerText(), persen(lu.capaian_rata_rata));
  assert.equal(await baris.locator('[data-kolom="penyerapan"]').innerText(), persen(lu.anggaran.persen_penyerapan));
  assert.equal(await baris.locator('[data-kolom="pagu"]').innerText(), '77.452.486.000');
  await shot('dasbor.png');
  // The first Tab reaches the skip link; the page is usable by keyboard.
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.textContent), 'Langsung ke isi');
  await page.setViewportSize({ width: 390, height: 844 });
  await shot('dasbor-ponsel.png');
  await page.setViewportSize({ width: 1366, height: 900 });

  // One catalogue indicator across Lampung, ranked, with the API's figures.
  await page.getByRole('link', { name: 'Indikator' }).click();
  await page.locator('#katalog').selectOption('KPU-06');
  await page.getByRole('button', { name: 'Tampilkan' }).click();
  await page.waitForURL(/katalog=KPU-06/);
  const peringkat = await api('/api/v1/provinsi/18/indikator/KPU-06?tahun=2024&triwulan=TW4');
  const pertama = peringkat.satker[0];
  assert.equal(await page.locator('#tabel-peringkat tbody tr').count(), peringkat.satker.length);
  assert.equal(await page.locator(`#tabel-peringkat tr[data-kode="${pertama.kode}"] [data-kolom="capaian"]`).innerText(), persen(pertama.capaian));
  await shot('indikator.png');
  await page.goto(`${BASE}/dasbor?tahun=2024`);

  await page.getByRole('link', { name: 'KPU Kabupaten Lampung Utara' }).click();
  await page.waitForURL(/\/dasbor\/satker\/18\.03/);
  const anggaran = await api('/api/v1/satker/18.03/anggaran/2024');
  assert.equal(await page.locator('#penyerapan-satker').innerText(), persen(anggaran.total.persen_penyerapan));
  await shot('satker-lampung-utara.png');
  await page.getByRole('button', { name: 'Keluar' }).click();
  await page.waitForURL(/\/dasbor\/masuk\?keluar=1/);
  assert.equal((await context.cookies()).some((c) => c.name === 'kinerja_sesi'), false, 'logged out');
  await page.goto(`${BASE}/dasbor`);
  assert.match(page.url(), /\/dasbor\/masuk/);

  // The verifikator returns a submitted report with a reason; the API then says dikembalikan.
  await masuk('verifikator.lampung', VERIFIKATOR);
  await page.getByRole('link', { name: 'Verifikasi' }).click();
  const item = page.locator('#antrean-18-04-tw4');
  await item.getByLabel('Alasan dikembalikan').fill('Bukti dukung TW IV belum lengkap');
  await shot('verifikasi.png');
  await item.getByRole('button', { name: 'Kembalikan' }).click();
  await page.locator('#pesan').waitFor();
  assert.equal(await page.locator('#pesan').innerText(), 'Dokumen dikembalikan dengan alasan.');
  const laporan = await api('/api/v1/satker/18.04/realisasi/2024/TW4');
  assert.equal(laporan.status, 'dikembalikan');
  assert.equal(laporan.alasan, 'Bukti dukung TW IV belum lengkap');
  await shot('verifikasi-sesudah.png');

  // GraphiQL with every other origin blocked: it loads and runs a query with the session.
  await page.goto(`${BASE}/graphiql`);
  await page.locator('.graphiql-execute-button').click();
  await page.waitForFunction(() => (document.querySelector('.graphiql-response') || {}).innerText?.includes('KPU Provinsi Lampung'), null, { timeout: 20000 });
  await shot('graphiql.png');

  // Accessibility: axe-core on every page as the people who use it see them. Its script is
  // injected into the page, which the pages' own policy (no inline script) would refuse: this
  // context alone bypasses the policy, the run above kept it.
  const axeSource = require('node:fs').readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
  const a11y = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: 'id-ID', bypassCSP: true });
  await a11y.route('**/*', (route) => (new URL(route.request().url()).origin === origin ? route.continue() : route.abort()));
  const ap = await a11y.newPage();
  const pelanggaran = [];
  async function axe(nama) {
    await ap.evaluate(axeSource);
    const hasil = await ap.evaluate(() => window.axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
    }));
    for (const v of hasil.violations) {
      if (v.impact === 'serious' || v.impact === 'critical') {
        pelanggaran.push(`${nama}: ${v.id} (${v.impact}) ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
      }
    }
    console.log(`axe ${nama}: ${hasil.passes.length} rules passed, ${hasil.violations.length} violations`);
  }
  await ap.goto(`${BASE}/`);
  await axe('beranda');
  await ap.goto(`${BASE}/dasbor/masuk`);
  await axe('masuk');
  await masuk('analis.lampung', ANALIS, ap);
  await axe('dasbor');
  await ap.goto(`${BASE}/dasbor?tahun=2024&triwulan=TW2&urut=capaian&arah=turun`);
  await axe('dasbor-tw2');
  await ap.goto(`${BASE}/dasbor/satker/18.03?tahun=2024`);
  await axe('satker');
  await ap.goto(`${BASE}/dasbor/indikator?katalog=KPU-06&tahun=2024`);
  await axe('indikator');
  await ap.goto(`${BASE}/dasbor?tahun=abc`);
  await axe('galat');
  await ap.goto(`${BASE}/dasbor`);
  await ap.getByRole('button', { name: 'Keluar' }).click();
  await ap.waitForURL(/\/dasbor\/masuk\?keluar=1/);
  await masuk('verifikator.lampung', VERIFIKATOR, ap);
  await ap.goto(`${BASE}/dasbor/verifikasi?tahun=2024`);
  await axe('verifikasi');
  assert.deepEqual(pelanggaran, [], 'no serious or critical accessibility violation');

  assert.deepEqual(lain, [], 'no request may leave for another origin');
  assert.deepEqual(galat, [], 'no script error');
  await browser.close();
  console.log('dasbor: 1 passed, 0 failed');
})().catch((e) => { console.error(e); process.exit(1); });
