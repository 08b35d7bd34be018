import type { NextFunction, Request, Response } from 'express';
import { dirname, join } from 'node:path';

// GraphiQL 3 ships a ready browser bundle; with React 18's UMD files it runs from our own origin, so the
// IDE works on a machine with no internet access (nothing is loaded from a CDN).
const ASSETS: Record<string, { packageName: string; file: string; type: string }> = {
  'react.js': { packageName: 'react', file: 'umd/react.production.min.js', type: 'text/javascript' },
  'react-dom.js': { packageName: 'react-dom', file: 'umd/react-dom.production.min.js', type: 'text/javascript' },
  'graphiql.js': { packageName: 'graphiql', file: 'graphiql.min.js', type: 'text/javascript' },
  'graphiql.css': { packageName: 'graphiql', file: 'graphiql.min.css', type: 'text/css' },
};

const packageDir = (name: string) => dirname(require.resolve(`${name}/package.json`));

export const IDE_ASSET_PATH = '/ide-assets';

const EXAMPLE_QUERY = `# Smart Cities Exchange. Press the play button to run.
query Organisations {
  organisations(first: 10) {
    totalCount
    edges { node { id name type country city revision } }
  }
}
`;

const page = (endpoint: string) => `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8" />
  <title>Smart Cities Exchange · GraphQL</title>
  <meta name="viewport" content="width=device-width, initial-scale=1" />
  <link rel="stylesheet" href="${IDE_ASSET_PATH}/graphiql.css" />
  <style>body { margin: 0; height: 100vh; } #graphiql { height: 100vh; }</style>
</head>
<body>
  <div id="graphiql">Loading…</div>
  <script src="${IDE_ASSET_PATH}/react.js"></script>
  <script src="${IDE_ASSET_PATH}/react-dom.js"></script>
  <script src="${IDE_ASSET_PATH}/graphiql.js"></script>
  <script>
    const fetcher = GraphiQL.createFetcher({ url: ${JSON.stringify(endpoint)} });
    ReactDOM.createRoot(document.getElementById('graphiql')).render(
      React.createElement(GraphiQL, { fetcher, defaultQuery: ${JSON.stringify(EXAMPLE_QUERY)}, defaultEditorToolsVisibility: true, shouldPersistHeaders: true }),
    );
  </script>
</body>
</html>`;

/** GET /graphql from a browser (Accept: text/html, no query) gets the IDE; everything else goes to Apollo. */
export function graphqlIdePage(endpoint: string) {
  const html = page(endpoint);
  return (req: Request, res: Response, next: NextFunction) => {
    const wantsPage = req.method === 'GET' && req.accepts(['application/json', 'text/html']) === 'text/html' && !req.query.query;
    if (!wantsPage) return next();
    res.type('html').send(html);
  };
}

export function graphqlIdeAssets() {
  return (req: Request, res: Response, next: NextFunction) => {
    const asset = ASSETS[req.path.replace(/^\//, '')];
    if (req.method !== 'GET' || !asset) return next();
    res.type(asset.type).set('Cache-Control', 'public, max-age=86400').sendFile(join(packageDir(asset.packageName), asset.file));
  };
}
