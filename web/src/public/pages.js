// The registry of the public's pages: an address pattern (its groups become the page's props, in
// order) and the component. A module adds its public pages here.
export const PUBLIC_PAGES = [
  // 需求"码"上提 (issue 16): the status of a ticket, and the form a poster's QR code opens.
  { pattern: /^\/p\/needs\/ticket\/([A-Z2-7]{16})\/?$/, props: ['ticket'], title: '办理进度查询', component: () => import('../views/needs/PublicNeedStatus.vue') },
  { pattern: /^\/p\/needs\/ticket\/?$/, props: [], title: '办理进度查询', component: () => import('../views/needs/PublicNeedStatus.vue') },
  { pattern: /^\/p\/needs\/([A-Za-z0-9]{1,64})\/?$/, props: ['token'], title: '我有需求', component: () => import('../views/needs/PublicNeedForm.vue') },
  // 亮牌上岗 (issue 16): a member's public badge (the page reads its token from the address itself).
  { pattern: /^\/p\/badge\/[^/]+\/?$/, props: [], title: '党员亮牌', component: () => import('../views/posts/BadgePublic.vue') }
]

/** The page of an address: {component, props, title} or null. */
export function publicPage(pathname) {
  for (const p of PUBLIC_PAGES) {
    const m = p.pattern.exec(pathname)
    if (m) return { component: p.component, title: p.title, props: Object.fromEntries(p.props.map((k, i) => [k, m[i + 1]])) }
  }
  return null
}
