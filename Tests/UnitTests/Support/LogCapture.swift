import DreamFrameCLI
import Foundation
import Logging
import Synchronization

/// A logger whose lines land in memory, written by the handler every executable uses (``LogSetup``: a
/// `StreamLogHandler` behind ``SafeLogHandler``), or by a bare `StreamLogHandler` to see what it would let through.
final class LogCapture: Sendable {
    private let stream = Stream()

    /// A trace-level logger writing here; `safe: false` leaves out the cleaning.
    func logger(safe: Bool = true) -> Logger {
        Logger(label: "capture") { [stream] label in
            let plain = StreamLogHandler(label: label, stream: stream, metadataProvider: nil)
            var handler: any LogHandler = safe ? SafeLogHandler(plain) : plain
            handler.logLevel = .trace
            return handler
        }
    }

    /// Everything written so far.
    var text: String { stream.text.withLock { $0 } }

    /// How many events were logged (each ends in the one line feed the handler writes).
    var events: Int { stream.events.withLock { $0 } }

    /// How many line feeds were written: ``events`` when no text broke its line.
    var lineFeeds: Int { text.utf8.filter { $0 == UInt8(ascii: "\n") }.count }

    private final class Stream: TextOutputStream, Sendable {
        let text = Mutex("")
        let events = Mutex(0)

        func write(_ string: String) {
            text.withLock { $0 += string }
            events.withLock { $0 += 1 }
        }
    }
}
