// The registry of the public pages (PublicApp.vue): a path prefix under /p/ and its page. A page
// reads what follows the prefix from location.pathname itself and calls only /api/v1/public/.
export const PUBLIC_PAGES = [
  { prefix: '/p/badge/', component: () => import('../views/posts/BadgePublic.vue') }
]
