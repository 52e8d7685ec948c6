/* api_stats_indices.h — GET /api/v1/stats/indices: Decision 766 group 2.1 and Circular 01
 * indicator 2 with their inputs; GET /api/v1/stats/evaluation: the Decision 766 figures of
 * publicity, online provision, digitisation and satisfaction and the Circular 01/2018
 * grading per unit (JSON, or format=csv|xlsx|pdf with table=figures|grading). */
#ifndef MOTCUA_API_STATS_INDICES_H
#define MOTCUA_API_STATS_INDICES_H

struct api_call;

#include "http.h"

int api_stats_indices(struct api_call *c);
int api_stats_evaluation(struct api_call *c);

#endif
