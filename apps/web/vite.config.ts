import react from '@vitejs/plugin-react';
import * as vite from 'vite';
import { defineConfig, type PluginOption } from 'vite';

/**
 * @vitejs/plugin-react is hoisted to the repo root where it sees the root's vite 8 (rolldown) and
 * therefore adds rolldown-only plugins, while this workspace runs vite 7. Those plugins break
 * `vite` dev ("Missing field moduleType"); drop them when the running vite is not rolldown-based.
 * JSX is then compiled by vite 7's esbuild (tsconfig jsx: react-jsx); only fast refresh is lost.
 */
const ROLLDOWN_ONLY = new Set(['vite:react:refresh-wrapper', 'vite:react:config-post', 'vite:react-refresh-fbm']);
function reactPlugins(): PluginOption[] {
  // the plugin's types come from the root's vite 8: only the type identities differ
  const plugins = react() as unknown as { name?: string }[];
  const rolldown = 'rolldownVersion' in vite;
  return plugins.filter((p) => rolldown || !ROLLDOWN_ONLY.has(p.name ?? '')) as unknown as PluginOption[];
}

export default defineConfig({
  plugins: reactPlugins(),
  server: {
    port: 5173,
    proxy: { '/api': { target: 'http://127.0.0.1:3000', changeOrigin: false } },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 1200,
    rollupOptions: {
      output: {
        // Keep the big, rarely-changing libraries in their own cached chunks.
        manualChunks(id: string) {
          if (!id.includes('node_modules')) return undefined;
          if (/node_modules\/(react|react-dom|scheduler|react-router)\//.test(id)) return 'react';
          if (id.includes('node_modules/echarts') || id.includes('node_modules/zrender')) return 'echarts';
          if (id.includes('node_modules/zod')) return 'zod';
          return undefined;
        },
      },
    },
  },
});
