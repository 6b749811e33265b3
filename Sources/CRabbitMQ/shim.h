#ifndef DF_RABBITMQ_SHIM_H
#define DF_RABBITMQ_SHIM_H
#include <amqp.h>
#include <amqp_tcp_socket.h>
#include <amqp_ssl_socket.h>
#include <amqp_framing.h>
#include <stdlib.h>
#include <string.h>

/* amqp_login is variadic: Swift cannot call it. */
static inline amqp_rpc_reply_t df_amqp_login(amqp_connection_state_t c, const char *vhost, int frame_max,
                                             int heartbeat, const char *user, const char *password) {
    return amqp_login(c, vhost, 0, frame_max, heartbeat, AMQP_SASL_METHOD_PLAIN, user, password);
}

/* A header value for publishing: a string (kind 'S') or a 64-bit integer (kind 'l'). */
typedef struct {
    const char *key;
    char kind;
    const char *string_value;
    int64_t int_value;
} df_header;

/* Publishes one persistent message with the given headers. All strings are copied by rabbitmq-c's encoder
   during the call, so Swift's temporary C strings stay valid for exactly as long as needed. */
static inline int df_amqp_publish(amqp_connection_state_t c, amqp_channel_t channel, const char *exchange,
                                  const char *routing_key, int mandatory, const void *body, size_t body_len,
                                  const char *message_id, const char *content_type,
                                  const df_header *headers, int header_count) {
    amqp_basic_properties_t props;
    memset(&props, 0, sizeof(props));
    props._flags = AMQP_BASIC_DELIVERY_MODE_FLAG | AMQP_BASIC_CONTENT_TYPE_FLAG;
    props.delivery_mode = 2;
    props.content_type = amqp_cstring_bytes(content_type);
    if (message_id && message_id[0]) {
        props._flags |= AMQP_BASIC_MESSAGE_ID_FLAG;
        props.message_id = amqp_cstring_bytes(message_id);
    }
    amqp_table_entry_t entries[32];
    if (header_count > 32) header_count = 32;
    if (header_count > 0) {
        for (int i = 0; i < header_count; i++) {
            entries[i].key = amqp_cstring_bytes(headers[i].key);
            if (headers[i].kind == 'l') {
                entries[i].value.kind = AMQP_FIELD_KIND_I64;
                entries[i].value.value.i64 = headers[i].int_value;
            } else {
                entries[i].value.kind = AMQP_FIELD_KIND_UTF8;
                entries[i].value.value.bytes = amqp_cstring_bytes(headers[i].string_value);
            }
        }
        props._flags |= AMQP_BASIC_HEADERS_FLAG;
        props.headers.num_entries = header_count;
        props.headers.entries = entries;
    }
    amqp_bytes_t body_bytes;
    body_bytes.len = body_len;
    body_bytes.bytes = (void *)body;
    return amqp_basic_publish(c, channel, amqp_cstring_bytes(exchange), amqp_cstring_bytes(routing_key),
                              mandatory, 0, &props, body_bytes);
}

/* Queue / exchange arguments: up to 16 entries of string or long. */
static inline amqp_table_t df_make_table(amqp_table_entry_t *storage, const df_header *args, int count) {
    amqp_table_t t;
    if (count > 16) count = 16;
    for (int i = 0; i < count; i++) {
        storage[i].key = amqp_cstring_bytes(args[i].key);
        if (args[i].kind == 'l') {
            storage[i].value.kind = AMQP_FIELD_KIND_I64;
            storage[i].value.value.i64 = args[i].int_value;
        } else {
            storage[i].value.kind = AMQP_FIELD_KIND_UTF8;
            storage[i].value.value.bytes = amqp_cstring_bytes(args[i].string_value);
        }
    }
    t.num_entries = count;
    t.entries = count > 0 ? storage : NULL;
    return t;
}

static inline amqp_queue_declare_ok_t *df_queue_declare(amqp_connection_state_t c, amqp_channel_t ch,
                                                       const char *name, int passive, int durable,
                                                       const df_header *args, int count) {
    amqp_table_entry_t storage[16];
    amqp_table_t table = df_make_table(storage, args, count);
    return amqp_queue_declare(c, ch, amqp_cstring_bytes(name), passive, durable, 0, 0, table);
}

static inline amqp_exchange_declare_ok_t *df_exchange_declare(amqp_connection_state_t c, amqp_channel_t ch,
                                                             const char *name, const char *type, int durable) {
    return amqp_exchange_declare(c, ch, amqp_cstring_bytes(name), amqp_cstring_bytes(type), 0, durable, 0, 0,
                                 amqp_empty_table);
}

static inline amqp_queue_bind_ok_t *df_queue_bind(amqp_connection_state_t c, amqp_channel_t ch, const char *queue,
                                                 const char *exchange, const char *key) {
    return amqp_queue_bind(c, ch, amqp_cstring_bytes(queue), amqp_cstring_bytes(exchange), amqp_cstring_bytes(key),
                           amqp_empty_table);
}

static inline amqp_basic_consume_ok_t *df_basic_consume(amqp_connection_state_t c, amqp_channel_t ch,
                                                       const char *queue, const char *tag) {
    return amqp_basic_consume(c, ch, amqp_cstring_bytes(queue), amqp_cstring_bytes(tag), 0, 0, 0, amqp_empty_table);
}

static inline amqp_rpc_reply_t df_basic_get(amqp_connection_state_t c, amqp_channel_t ch, const char *queue) {
    return amqp_basic_get(c, ch, amqp_cstring_bytes(queue), 0);
}

static inline amqp_queue_purge_ok_t *df_queue_purge(amqp_connection_state_t c, amqp_channel_t ch, const char *q) {
    return amqp_queue_purge(c, ch, amqp_cstring_bytes(q));
}

static inline amqp_queue_delete_ok_t *df_queue_delete(amqp_connection_state_t c, amqp_channel_t ch, const char *q) {
    return amqp_queue_delete(c, ch, amqp_cstring_bytes(q), 0, 0);
}

static inline int df_basic_cancel(amqp_connection_state_t c, amqp_channel_t ch, const char *tag) {
    amqp_basic_cancel_ok_t *ok = amqp_basic_cancel(c, ch, amqp_cstring_bytes(tag));
    return ok ? 0 : -1;
}

static inline struct timeval df_timeval(long sec, long usec) {
    struct timeval t; t.tv_sec = sec; t.tv_usec = usec; return t;
}
static const amqp_method_number_t DF_BASIC_ACK = AMQP_BASIC_ACK_METHOD;
static const amqp_method_number_t DF_BASIC_NACK = AMQP_BASIC_NACK_METHOD;
static const amqp_method_number_t DF_BASIC_RETURN = AMQP_BASIC_RETURN_METHOD;
static const amqp_method_number_t DF_BASIC_DELIVER = AMQP_BASIC_DELIVER_METHOD;
static const amqp_method_number_t DF_BASIC_CANCEL = AMQP_BASIC_CANCEL_METHOD;
static const amqp_method_number_t DF_CHANNEL_CLOSE = AMQP_CHANNEL_CLOSE_METHOD;
static const amqp_method_number_t DF_CONNECTION_CLOSE = AMQP_CONNECTION_CLOSE_METHOD;
#endif
