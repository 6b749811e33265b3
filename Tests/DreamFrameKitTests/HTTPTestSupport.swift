import Foundation
@testable import DreamFrameKit

/// What ModelStubServer needs from a client to read its helper endpoints.
protocol StubJSONClient: Sendable {
    func get(_ url: URL) async throws -> Data
}

extension HTTPClient: StubJSONClient {
    func get(_ url: URL) async throws -> Data {
        try await send(HTTPRequest(url: url)).requireSuccess().body
    }
}
