/* files.c: answers that are files written by the server (files.h). */
#include "api/files.h"

#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

const char api_xlsx_type[] = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

void api_reply_written_file(http_request *req, bool (*write)(const char *path, void *arg, dj_err *err), void *arg,
                            const char *content_type, const char *disposition)
{
    char path[] = "/tmp/dangjian-file-XXXXXX";
    int fd = mkstemp(path);
    if (fd < 0) {
        http_reply_error(req, 500, "internal", NULL, "无法创建临时文件");
        return;
    }
    dj_err err;
    if (!write(path, arg, &err)) {
        close(fd);
        unlink(path);
        api_fail(req, &err);
        return;
    }
    /* The writer replaced the file's contents by path: read them through a fresh descriptor. */
    close(fd);
    fd = open(path, O_RDONLY);
    unlink(path);
    struct stat st;
    if (fd < 0 || fstat(fd, &st) != 0 || st.st_size <= 0) {
        if (fd >= 0)
            close(fd);
        http_reply_error(req, 500, "internal", NULL, "导出文件写入失败");
        return;
    }
    http_reply_file(req, 200, content_type, fd, (size_t)st.st_size);
    http_add_header(req, "Content-Disposition", disposition);
}
