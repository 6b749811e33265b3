import Foundation
import Testing
@testable import Clients

/// The publisher's confirm bookkeeping stays as small as what is in flight, even when it is never idle.
@Suite struct ConfirmTrackerTests {
    private func message(_ i: Int) -> OutgoingMessage {
        OutgoingMessage(exchange: "", routingKey: "q", body: Data(), messageId: "m\(i)")
    }

    @Test func settledRequestsAreForgottenWhileOthersAreInFlight() async throws {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, Error>) in
            var tracker = ConfirmTracker()
            // Request i is published while request i-1 still waits; one is always in flight, so the tracker is
            // never empty — the case where it used to keep every message id it ever saw.
            for i in 1...1_000 {
                let request = PublishRequest(id: i, messages: [message(i)], deadline: .distantFuture,
                                             continuation: continuation)
                tracker.begin(request)
                tracker.published(request.messages[0], of: request)
                if i > 1 {
                    let completed = tracker.settle(upTo: UInt64(i - 1), multiple: false, error: nil)
                    #expect(completed.map(\.0.id) == [i - 1])
                }
                #expect(!tracker.isEmpty)
            }
            #expect(tracker.trackedMessageIds == 1)
            continuation.resume()
        }
    }

    @Test func aReturnedMessageSettlesItsRequestAndIsForgotten() async throws {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, Error>) in
            var tracker = ConfirmTracker()
            let request = PublishRequest(id: 1, messages: [message(1), message(2)], deadline: .distantFuture,
                                         continuation: continuation)
            tracker.begin(request)
            request.messages.forEach { tracker.published($0, of: request) }
            #expect(tracker.returned(messageId: "m2")?.id == 1)
            #expect(tracker.returned(messageId: "m2") == nil)
            #expect(tracker.trackedMessageIds == 0)
            #expect(tracker.isEmpty)
            continuation.resume()
        }
    }
}
