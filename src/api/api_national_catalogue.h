/* api_national_catalogue.h — importing a unit's procedures from the national catalogue
 * (POST /api/v1/national-catalogue/import). */
#ifndef MOTCUA_API_NATIONAL_CATALOGUE_H
#define MOTCUA_API_NATIONAL_CATALOGUE_H

#include "api.h"

int api_national_catalogue_import(struct api_call *c);

#endif
