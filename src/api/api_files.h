/* api_files.h — handlers of /api/v1/dossiers/{code}/files (uploading a scan or the result,
 * listing a dossier's files, downloading one by its SHA-256), of a citizen's draft files, the
 * personal store /api/v1/me/files and the supplement answer of /api/v1/me/dossiers/{code}. */
#ifndef MOTCUA_API_FILES_H
#define MOTCUA_API_FILES_H

#include "http.h"

int api_dossier_file_upload(struct http_req *r, struct http_resp *w, void *app);
int api_dossier_files(struct http_req *r, struct http_resp *w, void *app);
int api_dossier_file_get(struct http_req *r, struct http_resp *w, void *app);

int api_draft_file_upload(struct http_req *r, struct http_resp *w, void *app);
int api_draft_file_reuse(struct http_req *r, struct http_resp *w, void *app);
int api_draft_files(struct http_req *r, struct http_resp *w, void *app);
int api_draft_file_remove(struct http_req *r, struct http_resp *w, void *app);
int api_draft_file_get(struct http_req *r, struct http_resp *w, void *app);
int api_my_files(struct http_req *r, struct http_resp *w, void *app);
int api_supplement_file_upload(struct http_req *r, struct http_resp *w, void *app);
int api_supplement_file_remove(struct http_req *r, struct http_resp *w, void *app);
int api_supplement_get(struct http_req *r, struct http_resp *w, void *app);
int api_supplement_answer(struct http_req *r, struct http_resp *w, void *app);

#endif
