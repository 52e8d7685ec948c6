/* api_exchange.h — handlers of /api/v1/exchange (docs/exchange.md): a partner's inbound
 * messages, and for operators the partners' queues, resend and skip. */
#ifndef MOTCUA_API_EXCHANGE_H
#define MOTCUA_API_EXCHANGE_H

struct api_call;
struct svc_exchange_inbound;

/* A partner's pushed message as the exchange layer takes it in: the partner named in the path,
 * the Authorization and Idempotency-Key headers, and the JSON body re-serialised into the
 * call's arena (the adapter reads JSON, not the bytes as sent). Used by every inbound route. */
void api_exchange_inbound(struct api_call *c, struct svc_exchange_inbound *in);

int api_exchange_receive(struct api_call *c);
int api_exchange_partners(struct api_call *c);
int api_exchange_resend(struct api_call *c);
int api_exchange_skip(struct api_call *c);

#endif
