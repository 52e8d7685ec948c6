/* api_population.h — the population-database lookup (POST /api/v1/population/lookup). */
#ifndef MOTCUA_API_POPULATION_H
#define MOTCUA_API_POPULATION_H

#include "api.h"

int api_population_lookup(struct api_call *c);

#endif
