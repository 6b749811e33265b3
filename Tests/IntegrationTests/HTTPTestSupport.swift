import Foundation
@testable import Pipeline
@testable import Clients
@testable import Models
@testable import BuiltInModels
@testable import HTTPModels
@testable import Imaging
@testable import Stages
@testable import DreamFrameCLI
import DreamFrameCore

/// What ModelStubServer needs from a client to read its helper endpoints.
protocol StubJSONClient: Sendable {
    func get(_ url: URL) async throws -> Data
}

extension HTTPClient: StubJSONClient {
    func get(_ url: URL) async throws -> Data {
        try await send(HTTPRequest(url: url)).requireSuccess().body
    }
}
