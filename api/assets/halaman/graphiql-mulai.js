// Starts the vendored GraphiQL against this server's /graphql. When someone is logged in to the
// dashboard, the page carries the session's CSRF token and every query is sent with it, so the
// session cookie (which no script can read) authenticates the query. Otherwise put
// "Authorization: Bearer <token>" in the Headers panel.
(function () {
  var meta = document.querySelector('meta[name="csrf-token"]');
  var headers = meta && meta.content ? { 'X-CSRF-Token': meta.content } : {};
  var fetcher = GraphiQL.createFetcher({ url: '/graphql', headers: headers });
  var contoh = [
    '# Rekap Provinsi Lampung 2024. Ctrl+Enter menjalankan kueri.',
    '{',
    '  provinsi(kode: "18") {',
    '    nama',
    '    ringkasan(tahun: 2024) { jumlahSatker jumlahMelapor capaianRataRata kategori',
    '      anggaran { pagu realisasi persenPenyerapan } }',
    '  }',
    '}',
    ''
  ].join('\n');
  var root = ReactDOM.createRoot(document.getElementById('graphiql'));
  root.render(React.createElement(GraphiQL, {
    fetcher: fetcher,
    defaultQuery: contoh,
    defaultEditorToolsVisibility: true,
    shouldPersistHeaders: false
  }));
})();
