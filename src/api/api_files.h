/* api_files.h — handlers of /api/v1/dossiers/{code}/files: uploading a scan or the result
 * (multipart), listing a dossier's files, and downloading one by its SHA-256. */
#ifndef MOTCUA_API_FILES_H
#define MOTCUA_API_FILES_H

#include "http.h"

int api_dossier_file_upload(struct http_req *r, struct http_resp *w, void *app);
int api_dossier_files(struct http_req *r, struct http_resp *w, void *app);
int api_dossier_file_get(struct http_req *r, struct http_resp *w, void *app);

#endif
