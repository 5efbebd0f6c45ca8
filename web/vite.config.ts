// Vite build of the dashboard. `npm run dev` serves it with hot reload and proxies /api to a running
// `chainscope serve` (CHAINSCOPE_API, default http://127.0.0.1:8080), so the browser sees one origin.
import { defineConfig } from 'vitest/config'
import vue from '@vitejs/plugin-vue'

export default defineConfig({
  plugins: [vue()],
  server: {
    proxy: { '/api': process.env.CHAINSCOPE_API ?? 'http://127.0.0.1:8080' },
  },
  build: {
    target: 'es2022',
    chunkSizeWarningLimit: 1200,
    rollupOptions: {
      output: {
        // Libraries in their own long-cached chunks; the app's own code stays small.
        manualChunks(id: string) {
          if (id.includes('node_modules/echarts-map-data/')) return undefined
          if (id.includes('node_modules/echarts/') || id.includes('node_modules/zrender/')) return 'echarts'
          if (id.includes('node_modules/element-plus/') || id.includes('node_modules/@element-plus/'))
            return 'element-plus'
          if (id.includes('node_modules/')) return 'vendor'
          return undefined
        },
      },
    },
  },
  test: {
    environment: 'happy-dom',
    include: ['tests/**/*.test.ts'],
  },
})
