/* api_exchange.h — handlers of /api/v1/exchange (docs/exchange.md): a partner's inbound
 * messages, and for operators the partners' queues, resend and skip. */
#ifndef MOTCUA_API_EXCHANGE_H
#define MOTCUA_API_EXCHANGE_H

struct api_call;

int api_exchange_receive(struct api_call *c);
int api_exchange_partners(struct api_call *c);
int api_exchange_resend(struct api_call *c);
int api_exchange_skip(struct api_call *c);

#endif
