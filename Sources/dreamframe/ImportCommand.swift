import ArgumentParser
import DreamFrameCLI
import Pipeline
import Clients
import Models
import DreamFrameCore
import Foundation

/// `dreamframe import`: bring an authors'-format story into the pipeline after expansion.
struct ImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "import", abstract: "Import a story in the authors' format (story_info_*.json): learn its style, render every frame, validate and export it.")

    @OptionGroup var connection: ConnectionOptions
    @Argument(help: "The story JSON file.") var file: String
    @Option(name: .customLong("style-images"), help: "Style reference images (PNG/JPEG); default: rendered from the style keyword.") var styleImages: String?
    @Option(name: .customLong("size"), help: "Frame size WIDTHxHEIGHT.", transform: FrameSize.parse) var size = FrameSize.standard
    @Option(name: .customLong("run-id"), help: "Run id (default: a new one).") var runId: String?

    func validate() throws {
        guard FileManager.default.fileExists(atPath: file) else { throw ValidationError("FILE: '\(file)' does not exist") }
        if let styleImages, !FileManager.default.fileExists(atPath: styleImages) {
            throw ValidationError("--style-images: folder '\(styleImages)' does not exist")
        }
    }

    func run() async throws {
        let frameSize = size
        let run = runId ?? RunSubmitter.newRunId()
        let movie = try await withServices(connection) { services in
            try await StoryImporter(state: services.state, publisher: services.publisher,
                                    topology: services.settings.topology, layout: services.settings.layout)
                .importStory(URL(fileURLWithPath: file), runId: run,
                             styleImages: styleImages.map { URL(fileURLWithPath: $0).standardizedFileURL.path },
                             width: frameSize.width, height: frameSize.height)
        }
        print(run)
        FileHandle.standardError.write(Data("imported \(movie); follow it with 'dreamframe status \(run) --watch 2'\n".utf8))
    }
}
