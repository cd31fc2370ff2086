// The esbuild settings of the report's page script, shared by the build (build-client.mjs) and by the
// report when it runs from the TypeScript sources (tests), so both inline the same bytes.
const { join } = require('node:path');

function clientBuildOptions(root) {
  return {
    entryPoints: [join(root, 'src/render/report/client/main.ts')],
    bundle: true,
    format: 'iife',
    target: 'es2022',
    platform: 'browser',
    charset: 'utf8',
    legalComments: 'none',
    write: false,
    logLevel: 'silent',
  };
}

/** The bundled page script as text. */
function bundleClient(root) {
  return require('esbuild').buildSync(clientBuildOptions(root)).outputFiles[0].text;
}

module.exports = { clientBuildOptions, bundleClient };
