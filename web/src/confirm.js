// A danger-styled confirmation for deletes: it says what is affected. Resolves true when confirmed.
import { ElMessageBox } from 'element-plus'

export async function confirmDanger(title, message, confirmText = '删除') {
  try {
    await ElMessageBox.confirm(message, title, {
      type: 'error', confirmButtonType: 'danger', confirmButtonText: confirmText, cancelButtonText: '取消', autofocus: false
    })
    return true
  } catch {
    return false
  }
}
