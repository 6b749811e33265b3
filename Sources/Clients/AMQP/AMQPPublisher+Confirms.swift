import DreamFrameCore
import Foundation

/// One caller's batch, waiting for the publisher thread.
struct PublishRequest {
    let id: Int
    let messages: [OutgoingMessage]
    let deadline: Date
    let continuation: CheckedContinuation<Void, Error>
}

/// Which published requests still wait for confirms, by delivery tag (publisher thread only).
///
/// Tags count from 1 on each connection; one `basic.ack` with `multiple` settles every tag up to its own. A request
/// completes when all of its messages are acked, and fails as a whole on a nack or a return.
struct ConfirmTracker {
    private struct Entry {
        var remaining: Int
        let request: PublishRequest
    }

    private var inFlight: [Int: Entry] = [:]
    private var tagToRequest: [UInt64: Int] = [:]
    private var messageIdToRequest: [String: Int] = [:]
    private var lowestUnconfirmed: UInt64 = 1
    private var nextTag: UInt64 = 1

    /// True when no published request awaits its confirms.
    var isEmpty: Bool { inFlight.isEmpty }

    /// Starts counting tags for a fresh connection (call when nothing is in flight).
    mutating func reset() {
        self = ConfirmTracker()
    }

    /// Registers `request` before its first message is written, so a failure mid-write still finds it here.
    mutating func begin(_ request: PublishRequest) {
        inFlight[request.id] = Entry(remaining: request.messages.count, request: request)
    }

    /// Records that one message of `request` went out with the next delivery tag.
    mutating func published(_ message: OutgoingMessage, of request: PublishRequest) {
        tagToRequest[nextTag] = request.id
        messageIdToRequest[message.messageId] = request.id
        nextTag += 1
    }

    /// Applies a `basic.ack` (error nil) or `basic.nack`; returns the requests it completed, to resume.
    mutating func settle(upTo tag: UInt64, multiple: Bool, error: Error?) -> [(PublishRequest, Error?)] {
        let tags: [UInt64] = multiple ? Array(lowestUnconfirmed...max(tag, lowestUnconfirmed)) : [tag]
        var completed: [(PublishRequest, Error?)] = []
        for t in tags {
            guard let requestId = tagToRequest.removeValue(forKey: t), var entry = inFlight[requestId] else { continue }
            if let error {
                inFlight.removeValue(forKey: requestId)
                completed.append((entry.request, error))
                continue
            }
            entry.remaining -= 1
            if entry.remaining == 0 {
                inFlight.removeValue(forKey: requestId)
                completed.append((entry.request, nil))
            } else {
                inFlight[requestId] = entry
            }
        }
        while lowestUnconfirmed < nextTag && tagToRequest[lowestUnconfirmed] == nil { lowestUnconfirmed += 1 }
        if inFlight.isEmpty { messageIdToRequest.removeAll(keepingCapacity: true) }
        return completed
    }

    /// Removes and returns the request a `basic.return` names by message id (its later ack is then ignored).
    mutating func returned(messageId: String) -> PublishRequest? {
        guard let requestId = messageIdToRequest[messageId] else { return nil }
        return inFlight.removeValue(forKey: requestId)?.request
    }

    /// Removes and returns every request still awaiting confirms, oldest first (the connection is gone).
    mutating func drain() -> [PublishRequest] {
        let pending = inFlight.values.map(\.request).sorted { $0.id < $1.id }
        reset()
        return pending
    }
}
