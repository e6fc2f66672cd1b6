import { createApp } from 'vue'
import ElementPlus from 'element-plus'
import zhCn from 'element-plus/es/locale/lang/zh-cn'
import 'element-plus/dist/index.css'
import App from './App.vue'
import router from './router.js'
import PublicApp from './public/PublicApp.vue'
import './style.css'

// Pages under /p/ are public (a badge, a QR code's page): no session, no router, no admin shell.
if (window.location.pathname.startsWith('/p/')) createApp(PublicApp).use(ElementPlus, { locale: zhCn }).mount('#app')
else createApp(App).use(ElementPlus, { locale: zhCn }).use(router).mount('#app')

// Element Plus leaves the page-size chooser of el-pagination without a name for screen readers:
// give it one wherever it appears.
new MutationObserver(() => {
  for (const el of document.querySelectorAll('.el-pagination__sizes .el-select__input:not([aria-label])')) el.setAttribute('aria-label', '每页条数')
}).observe(document.body, { childList: true, subtree: true })
