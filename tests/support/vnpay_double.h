/* vnpay_double.h — a stand-in for the VNPAY payment gateway in the HTTP suites, written from
 * the public protocol and independently of the server's code: it checks a payment URL the
 * way the gateway does (parameters of API v2.1.0 and the HMAC-SHA512 signature under the
 * merchant's secret) and builds the IPN query the gateway calls the merchant with. */
#ifndef MOTCUA_VNPAY_DOUBLE_H
#define MOTCUA_VNPAY_DOUBLE_H

/* The order a payment URL carries. */
struct vd_order {
    char tmn_code[64], txn_ref[128], amount[32], order_info[256], return_url[512], ip_addr[64],
        create_date[16], expire_date[16];
};

/* Parses and checks a payment URL built by the server; 0 when the gateway would accept it,
 * -1 with the reason on stderr otherwise. */
int vd_check_payment_url(const char *url, const char *secret, struct vd_order *out);

/* How the IPN differs from a successful payment of the order (NULL / 0 = as the order). */
struct vd_ipn {
    const char *amount;             /* vnp_Amount, signed as given */
    const char *response_code;      /* vnp_ResponseCode, default "00" */
    const char *transaction_status; /* vnp_TransactionStatus, default "00" */
    const char *txn_ref;            /* vnp_TxnRef */
    const char *transaction_no;     /* vnp_TransactionNo, default "14226112" */
    const char *secret;             /* sign with this secret instead */
    int tamper;                     /* change vnp_OrderInfo after signing */
};

/* The IPN query (without '?') for the order, signed with secret; the caller frees it. */
char *vd_ipn_query(const struct vd_order *o, const struct vd_ipn *opt, const char *secret);

#endif
