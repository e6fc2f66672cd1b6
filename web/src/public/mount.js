// The public's pages (/p/…): mounted instead of the staff's app when the address starts with
// /p/ (main.js). No router and no session: the page is chosen from the address by PUBLIC_PAGES.
import { createApp } from 'vue'
import ElementPlus from 'element-plus'
import zhCn from 'element-plus/es/locale/lang/zh-cn'
import PublicApp from './PublicApp.vue'

export function mount() {
  createApp(PublicApp).use(ElementPlus, { locale: zhCn }).mount('#app')
}
