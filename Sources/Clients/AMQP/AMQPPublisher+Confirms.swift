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
                complete(requestId)
                completed.append((entry.request, error))
                continue
            }
            entry.remaining -= 1
            if entry.remaining == 0 {
                complete(requestId)
                completed.append((entry.request, nil))
            } else {
                inFlight[requestId] = entry
            }
        }
        while lowestUnconfirmed < nextTag && tagToRequest[lowestUnconfirmed] == nil { lowestUnconfirmed += 1 }
        return completed
    }

    /// Forgets a settled request and its message ids, so the tracker holds only what is in flight however long the
    /// publisher stays busy.
    private mutating func complete(_ requestId: Int) {
        guard let entry = inFlight.removeValue(forKey: requestId) else { return }
        for message in entry.request.messages where messageIdToRequest[message.messageId] == requestId {
            messageIdToRequest.removeValue(forKey: message.messageId)
        }
    }

    /// How many message ids the tracker remembers (for tests: bounded by what is in flight).
    var trackedMessageIds: Int { messageIdToRequest.count }

    /// Removes and returns the request a `basic.return` names by message id (its later ack is then ignored).
    mutating func returned(messageId: String) -> PublishRequest? {
        guard let requestId = messageIdToRequest[messageId], let request = inFlight[requestId]?.request else { return nil }
        complete(requestId)
        return request
    }

    /// Removes and returns every request still awaiting confirms, oldest first (the connection is gone).
    mutating func drain() -> [PublishRequest] {
        let pending = inFlight.values.map(\.request).sorted { $0.id < $1.id }
        reset()
        return pending
    }
}
