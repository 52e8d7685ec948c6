/* api_files.h — handlers of /api/v1/dossiers/{code}/files (uploading a scan or the result,
 * listing a dossier's files, downloading one by its SHA-256), of a citizen's draft files, the
 * personal store /api/v1/me/files and the supplement answer of /api/v1/me/dossiers/{code}. */
#ifndef MOTCUA_API_FILES_H
#define MOTCUA_API_FILES_H

struct api_call;

#include "http.h"

int api_dossier_file_upload(struct api_call *c);
int api_dossier_files(struct api_call *c);
int api_dossier_file_get(struct api_call *c);

int api_draft_file_upload(struct api_call *c);
int api_draft_file_reuse(struct api_call *c);
int api_draft_files(struct api_call *c);
int api_draft_file_remove(struct api_call *c);
int api_draft_file_get(struct api_call *c);
int api_my_files(struct api_call *c);
int api_supplement_file_upload(struct api_call *c);
int api_supplement_file_remove(struct api_call *c);
int api_supplement_get(struct api_call *c);
int api_supplement_answer(struct api_call *c);

#endif
