// Shared words of the two-coverage pages (两个覆盖, DOMAIN.md §7).
export const STATUSES = {
  has_org: { label: '已建组织', hint: '有本单位的党组织（或已纳入联合党支部）', type: 'success' },
  should_build: { label: '应建', hint: '正式党员 3 名以上、尚无本单位党组织', type: 'danger' },
  should_join: { label: '应联', hint: '正式党员 1–2 名、尚无党组织，宜就近组建联合党支部', type: 'warning' },
  no_members: { label: '无党员', hint: '尚未发现正式党员', type: 'info' }
}
export const OWNERSHIP = { public: '公立', private: '民营' }
export const SOURCES = { orgs: '组织统计', survey: '摸排登记', none: '未摸排' }

/** Today in China time, YYYY-MM-DD. */
export const chinaToday = () => new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 10)
/** A distance in km with one decimal (two below 1 km). */
export const km = (v) => (v == null ? '—' : v < 1 ? `${v.toFixed(2)} 公里` : `${v.toFixed(1)} 公里`)
