/* population.c — POST /api/v1/population/lookup: a person's name, birth date, sex and
 * permanent address from the national population database by CCCD, for a stated purpose
 * (service/exchange/svc_population.h). The answer only fills a form; nothing is kept but the
 * audit entry of the lookup. A partner that is down answers 503 with a message saying to type
 * the details in by hand. */
#include "api_population.h"
#include "jpack.h"
#include "jspec.h"
#include "svc_population.h"

int api_population_lookup(struct api_call *c)
{
    const char *id_number = NULL, *purpose = NULL;
    const struct jspec spec[] = {
        JSPEC_STR("id_number", 1, 1, 20, &id_number, "Số CCCD"),
        JSPEC_STR("purpose", 1, 1, 200, &purpose, "Mục đích tra cứu"),
        JSPEC_END,
    };
    if (api_body(c, spec))
        return API_FAILED;
    struct svc_person p;
    if (svc_population_lookup(c->svc, c->actor, c->arena, id_number, purpose, &p, &c->e))
        return API_FAILED;
    return api_json(c, 200,
                    jpack("{s:s, s:s, s:s, s:s, s:s, s:s}", "id_number", p.id_number, "name",
                          p.name, "birth_date", p.birth_date, "sex", p.sex, "address", p.address,
                          "source", "population"));
}
