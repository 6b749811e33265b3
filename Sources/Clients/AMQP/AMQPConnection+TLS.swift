import DreamFrameCore
import CRabbitMQ
import Foundation

extension AMQPConnection {
    /// A plain TCP socket owned by `state`.
    static func tcpSocket(_ state: amqp_connection_state_t) throws -> OpaquePointer {
        guard let socket = amqp_tcp_socket_new(state) else { throw BrokerError.connection("cannot create a socket") }
        return socket
    }

    /// An OpenSSL socket owned by `state`, trusting `tls`'s CA (the system bundle when none is given) and checking
    /// the broker's certificate chain and host name unless `tls` turns verification off.
    ///
    /// - Throws: ``BrokerError/accessDenied(_:)`` when a file cannot be loaded (a configuration error).
    static func tlsSocket(_ state: amqp_connection_state_t, _ tls: AMQPTLS) throws -> OpaquePointer {
        guard let socket = amqp_ssl_socket_new(state) else { throw BrokerError.connection("cannot create a TLS socket") }
        amqp_ssl_socket_set_verify_peer(socket, tls.verifyPeer ? 1 : 0)
        amqp_ssl_socket_set_verify_hostname(socket, tls.verifyPeer ? 1 : 0)
        if tls.verifyPeer || tls.caCertificate != nil {
            let status = amqp_ssl_socket_set_cacert(socket, tls.caFile)
            guard status == AMQP_STATUS_OK.rawValue else {
                throw BrokerError.accessDenied("cannot load the TLS CA file \(tls.caFile): \(describe(status))")
            }
        }
        if let certificate = tls.clientCertificate, let key = tls.clientKey {
            let status = amqp_ssl_socket_set_key(socket, certificate, key)
            guard status == AMQP_STATUS_OK.rawValue else {
                throw BrokerError.accessDenied("cannot load the TLS client certificate \(certificate) with key \(key): "
                    + describe(status))
            }
        }
        return socket
    }

    /// The error a failed socket open means: ``BrokerError/accessDenied(_:)`` when TLS failed (the broker's
    /// certificate is not trusted or names another host, or the handshake was refused — which retrying cannot
    /// fix), ``BrokerError/connection(_:)`` when the broker cannot be reached.
    static func openError(_ status: Int32, url: AMQPURL) -> BrokerError {
        let text = describe(status)
        let ca = url.tls?.caFile ?? ""
        switch status {
        case AMQP_STATUS_SSL_PEER_VERIFY_FAILED.rawValue:
            return .accessDenied("TLS: the certificate of \(url.host):\(url.port) is not signed by a CA in \(ca) (\(text))")
        case AMQP_STATUS_SSL_HOSTNAME_VERIFY_FAILED.rawValue:
            return .accessDenied("TLS: the certificate of \(url.host):\(url.port) does not name the host '\(url.host)' "
                + "(\(text))")
        case AMQP_STATUS_SSL_CONNECTION_FAILED.rawValue, AMQP_STATUS_SSL_ERROR.rawValue:
            return .accessDenied("TLS handshake with \(url.host):\(url.port) failed — not a TLS port, a client "
                + "certificate the broker wants or refused, or a certificate not trusted (\(text))")
        default:
            return .connection("cannot reach \(url): \(text)")
        }
    }

    /// The refusal a TLS alert during login means (with TLS 1.3 the broker checks the client's certificate after
    /// the handshake: a missing or untrusted one ends the connection at the first read), or nil.
    static func tlsLoginRefusal(_ reply: amqp_rpc_reply_t, url: AMQPURL) -> BrokerError? {
        guard url.tls != nil, reply.reply_type == AMQP_RESPONSE_LIBRARY_EXCEPTION,
              reply.library_error == AMQP_STATUS_SSL_ERROR.rawValue else { return nil }
        return .accessDenied("TLS: \(url.host):\(url.port) ended the connection at login — it wants a client "
            + "certificate (--broker-cert, --broker-key) or refused the one sent (\(describe(reply.library_error)))")
    }

    private static func describe(_ status: Int32) -> String { String(cString: amqp_error_string2(status)) }
}
