// What the list and the detail page both do to a meeting: cancel it with a reason, delete it.
import { ElMessage, ElMessageBox } from 'element-plus'
import { api, showError } from '../../api.js'
import { confirmDanger } from '../../confirm.js'
import { showTime } from './meetings.js'

/** Asks for the reason and cancels `m` (PATCH status=cancelled). Resolves to the saved meeting, or null. */
export async function cancelMeeting(m) {
  let reason
  try {
    const r = await ElMessageBox.prompt(`取消“${m.topic}”（${showTime(m.starts_at)}）：请填写取消原因，它将记入会议登记本。`, '取消会议', {
      confirmButtonText: '取消会议', cancelButtonText: '返回', confirmButtonType: 'warning', inputPlaceholder: '取消原因',
      inputValidator: (v) => (String(v || '').trim() ? true : '请填写取消原因'), autofocus: false
    })
    reason = String(r.value).trim()
  } catch {
    return null
  }
  try {
    const saved = await api.patch(`/meetings/${m.id}`, { version: m.version, status: 'cancelled', cancel_reason: reason })
    ElMessage.success('会议已取消')
    return saved || true
  } catch (e) {
    showError(e, null, { editing: true })
    return null
  }
}

/** Confirms and deletes `m` (soft: it can be restored from 已删除). Resolves true when deleted. */
export async function removeMeeting(m) {
  const what = `将删除会议“${m.topic}”（${m.org_name}，${showTime(m.starts_at)}）及其出席记录：不再出现在会议列表、会议登记本和达标统计中。可在“已删除”中恢复。`
  if (!(await confirmDanger('删除会议', what))) return false
  try {
    await api.del(`/meetings/${m.id}`, { version: m.version })
    ElMessage.success('已删除')
    return true
  } catch (e) {
    showError(e, null, { editing: true })
    return false
  }
}
