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

/// Runs the real `dreamframe` executable.
enum CLI {
    struct Result {
        var status: Int32
        var output: String
    }

    static func run(_ arguments: [String], environment: [String: String] = [:]) async throws -> Result {
        let executable = StageProcess.defaultBinDirectory().appendingPathComponent("dreamframe").path
        let (status, output) = try await ChildProcess.capture(
            executable, arguments, environment: ProcessInfo.processInfo.environment.merging(environment) { _, new in new })
        return Result(status: status, output: output)
    }
}
