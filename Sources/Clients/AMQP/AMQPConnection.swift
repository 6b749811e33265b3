import DreamFrameCore
import CRabbitMQ
import Foundation

/// One rabbitmq-c connection with channel 1 open.
///
/// rabbitmq-c connections are not thread-safe and do no background work, so an `AMQPConnection` is created, used and
/// closed by exactly one thread: the publisher's, the consumer's, or a short-lived admin task.
final class AMQPConnection {
    let state: amqp_connection_state_t
    let url: AMQPURL
    let channel: amqp_channel_t = 1
    private var closed = false

    /// Connects, logs in and opens channel 1.
    ///
    /// `state` is assigned only once everything succeeded: if the connection cannot be made, `open` destroys what it
    /// created and throws before `self` is complete, so `deinit` (which would destroy the state again) never runs.
    init(url: AMQPURL, heartbeatSeconds: Int32 = 30, connectTimeoutSeconds: Int = 5) throws {
        self.url = url
        self.state = try Self.open(url, heartbeatSeconds: heartbeatSeconds, connectTimeoutSeconds: connectTimeoutSeconds)
    }

    /// A logged-in connection state with channel 1 open; nothing is left allocated when it throws.
    private static func open(_ url: AMQPURL, heartbeatSeconds: Int32, connectTimeoutSeconds: Int) throws
        -> amqp_connection_state_t {
        guard let state = amqp_new_connection() else { throw BrokerError.connection("out of memory") }
        do {
            let socket = try url.tls.map { try tlsSocket(state, $0) } ?? tcpSocket(state)
            var timeout = df_timeval(connectTimeoutSeconds, 0)
            let status = amqp_socket_open_noblock(socket, url.host, Int32(url.port), &timeout)
            guard status == AMQP_STATUS_OK.rawValue else { throw openError(status, url: url) }
            let login = df_amqp_login(state, url.vhost, 131_072, heartbeatSeconds, url.user, url.password)
            if let refusal = tlsLoginRefusal(login, url: url) { throw refusal }
            do {
                try check(login, "login to \(url)")
            } catch BrokerError.refused(let code, let text) where [403, 530].contains(code) {
                // ACCESS_REFUSED (wrong user or password) or NOT_ALLOWED (no access to the vhost).
                throw BrokerError.accessDenied("\(text) (code \(code))")
            }
            amqp_channel_open(state, 1)
            try check(amqp_get_rpc_reply(state), "channel open")
            return state
        } catch {
            amqp_destroy_connection(state)
            throw error
        }
    }

    deinit { close() }

    /// The broker's name for this connection ("127.0.0.1:54321 -> 127.0.0.1:5673"), as `rabbitmqctl` shows it.
    var brokerName: String {
        var address = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let fd = amqp_get_sockfd(state)
        let ok = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        let localPort = ok == 0 ? Int(UInt16(bigEndian: address.sin_port)) : 0
        return "\(url.host):\(localPort) -> \(url.host):\(url.port)"
    }

    /// Closes the channel and the connection, ignoring errors (the peer may already be gone).
    func close() {
        guard !closed else { return }
        closed = true
        _ = amqp_channel_close(state, channel, Int32(AMQP_REPLY_SUCCESS))
        _ = amqp_connection_close(state, Int32(AMQP_REPLY_SUCCESS))
        amqp_destroy_connection(state)
    }

    /// Reopens channel 1 after the broker closed it (for example after a failed passive declare).
    func reopenChannel() throws {
        var ok = amqp_channel_close_ok_t()
        _ = amqp_send_method(state, channel, AMQP_CHANNEL_CLOSE_OK_METHOD, &ok)
        amqp_channel_open(state, channel)
        try Self.check(amqp_get_rpc_reply(state), "channel reopen")
    }

    /// Throws a ``BrokerError`` unless the last RPC reply is normal.
    func checkReply(_ what: String) throws {
        try Self.check(amqp_get_rpc_reply(state), what)
    }

    static func check(_ reply: amqp_rpc_reply_t, _ what: String) throws {
        switch reply.reply_type {
        case AMQP_RESPONSE_NORMAL:
            return
        case AMQP_RESPONSE_LIBRARY_EXCEPTION:
            throw BrokerError.connection("\(what): \(String(cString: amqp_error_string2(reply.library_error)))")
        case AMQP_RESPONSE_SERVER_EXCEPTION:
            if reply.reply.id == DF_CHANNEL_CLOSE, let decoded = reply.reply.decoded {
                let close = decoded.assumingMemoryBound(to: amqp_channel_close_t.self).pointee
                throw BrokerError.refused(code: Int(close.reply_code), text: "\(what): \(close.reply_text.string)")
            }
            if reply.reply.id == DF_CONNECTION_CLOSE, let decoded = reply.reply.decoded {
                let close = decoded.assumingMemoryBound(to: amqp_connection_close_t.self).pointee
                throw BrokerError.refused(code: Int(close.reply_code), text: "\(what): \(close.reply_text.string)")
            }
            throw BrokerError.refused(code: 0, text: "\(what): server exception \(reply.reply.id)")
        default:
            throw BrokerError.connection("\(what): no reply")
        }
    }
}

extension amqp_bytes_t {
    /// The bytes as UTF-8 text (lossy).
    var string: String {
        guard len > 0, let bytes else { return "" }
        return String(decoding: UnsafeRawBufferPointer(start: bytes, count: len), as: UTF8.self)
    }

    /// The bytes copied into `Data`.
    var data: Data {
        guard len > 0, let bytes else { return Data() }
        return Data(bytes: bytes, count: len)
    }
}
