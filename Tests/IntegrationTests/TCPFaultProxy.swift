import Foundation
import Glibc

/// A loopback TCP listener that stands between a client and the real broker, to make the network misbehave on
/// purpose: accept connections and close them at once (a broker port that is up but not answering), or forward
/// them to the broker and, a given number of times, reset a connection in the middle of what the client is sending.
///
/// Blocking sockets, one thread per direction; everything is closed by ``stop()``.
final class TCPFaultProxy: @unchecked Sendable {
    enum Mode: Sendable {
        /// Accept, then close at once.
        case closeAtOnce
        /// Forward to `127.0.0.1:upstreamPort`.
        case forward
    }

    /// The port it listens on (127.0.0.1).
    let port: Int
    private let upstreamPort: Int
    private let listener: Int32
    private let lock = NSLock()
    private var currentMode: Mode
    private var resetsLeft: Int
    private var resetAfterBytes: Int
    private var resetsDone = 0
    private var acceptedCount = 0
    private var open: [Int32] = []
    private var stopped = false

    /// Listens on `port` (0: any free port). `resets` forwarded connections are reset once the client has sent
    /// `resetAfterBytes` through them: the proxy stops reading (so the client blocks writing), then resets both ends.
    init(mode: Mode, port: Int = 0, upstreamPort: Int = TestEnvironment.brokerURL.port, resets: Int = 0,
         resetAfterBytes: Int = 1 << 20) throws {
        currentMode = mode
        self.upstreamPort = upstreamPort
        self.resetsLeft = resets
        self.resetAfterBytes = resetAfterBytes
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard listener >= 0 else { throw POSIXError(.EMFILE) }
        var one: Int32 = 1
        setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        // A small receive buffer (inherited by accepted sockets) makes the client block soon once we stop reading.
        var small: Int32 = 32 * 1024
        setsockopt(listener, SOL_SOCKET, SO_RCVBUF, &small, socklen_t(MemoryLayout<Int32>.size))
        var address = Self.loopback(port)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(listener, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(listener, 64) == 0 else {
            close(listener)
            throw POSIXError(.EADDRINUSE)
        }
        self.listener = listener
        self.port = Self.localPort(listener)
        let thread = Thread { [self] in acceptLoop() }
        thread.name = "test-proxy-accept"
        thread.start()
    }

    /// What it does with the next connections.
    var mode: Mode {
        get { lock.withLock { currentMode } }
        set { lock.withLock { currentMode = newValue } }
    }

    /// Connections accepted so far.
    var accepted: Int { lock.withLock { acceptedCount } }

    /// Connections reset so far.
    var resets: Int { lock.withLock { resetsDone } }

    /// Closes the listener and every connection.
    func stop() {
        let fds: [Int32] = lock.withLock {
            stopped = true
            defer { open.removeAll() }
            return open
        }
        Glibc.shutdown(listener, Int32(SHUT_RDWR))   // wakes accept(); the accept thread closes it
        for fd in fds { Glibc.shutdown(fd, Int32(SHUT_RDWR)) }
    }

    /// A port nothing listens on right now (bound once, then released).
    static func unusedPort() -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = loopback(0)
        _ = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        return localPort(fd)
    }

    // MARK: - Threads

    private func acceptLoop() {
        while true {
            let client = accept(listener, nil, nil)
            guard client >= 0 else {
                if errno == EINTR { continue }
                close(listener)
                return
            }
            let (mode, resetAt): (Mode, Int?) = lock.withLock {
                acceptedCount += 1
                guard currentMode == .forward, resetsLeft > 0 else { return (currentMode, nil) }
                resetsLeft -= 1
                return (currentMode, resetAfterBytes)
            }
            switch mode {
            case .closeAtOnce:
                close(client)
            case .forward:
                forward(client, resetAt: resetAt)
            }
        }
    }

    private func forward(_ client: Int32, resetAt: Int?) {
        let upstream = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = Self.loopback(upstreamPort)
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(upstream, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard upstream >= 0, connected == 0 else {
            close(client)
            if upstream >= 0 { close(upstream) }
            return
        }
        let registered: Bool = lock.withLock {
            guard !stopped else { return false }
            open += [client, upstream]
            return true
        }
        guard registered else {
            close(client)
            close(upstream)
            return
        }
        let downstreamDone = DispatchSemaphore(value: 0)
        let down = Thread { [self] in
            pump(from: upstream, to: client, resetAt: nil)
            downstreamDone.signal()
        }
        down.name = "test-proxy-down"
        down.start()
        let up = Thread { [self] in
            let reset = pump(from: client, to: upstream, resetAt: resetAt)
            if reset {
                // Stop reading for a moment so the client's writes fill the buffers and block, then reset.
                Thread.sleep(forTimeInterval: 0.3)
                var linger = Glibc.linger(l_onoff: 1, l_linger: 0)
                setsockopt(client, SOL_SOCKET, SO_LINGER, &linger, socklen_t(MemoryLayout<Glibc.linger>.size))
                lock.withLock { resetsDone += 1 }
            }
            Glibc.shutdown(upstream, Int32(SHUT_RDWR))
            downstreamDone.wait()
            lock.withLock { open.removeAll { $0 == client || $0 == upstream } }
            close(client)   // with linger 0 (or unread data): an RST
            close(upstream)
        }
        up.name = "test-proxy-up"
        up.start()
    }

    /// Copies bytes until either side closes; returns true when it stopped because `resetAt` bytes went through.
    @discardableResult
    private func pump(from source: Int32, to destination: Int32, resetAt: Int?) -> Bool {
        var buffer = [UInt8](repeating: 0, count: 16 * 1024)
        var total = 0
        while true {
            let limit = resetAt.map { min(buffer.count, $0 - total) } ?? buffer.count
            if limit <= 0 { return true }
            let count = buffer.withUnsafeMutableBytes { recv(source, $0.baseAddress, limit, 0) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else {
                Glibc.shutdown(destination, Int32(SHUT_WR))
                return false
            }
            var sent = 0
            while sent < count {
                let n = buffer[sent..<count].withUnsafeBytes { send(destination, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
                if n < 0 && errno == EINTR { continue }
                guard n > 0 else { return false }
                sent += n
            }
            total += count
        }
    }

    private static func loopback(_ port: Int) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        return address
    }

    private static func localPort(_ fd: Int32) -> Int {
        var address = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
