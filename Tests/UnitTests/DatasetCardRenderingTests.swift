import Models
@testable import Pipeline
import Testing

/// The card's "Rendering" section: how each renderer drew the run's frames.
@Suite("Dataset card: rendering")
struct DatasetCardRenderingTests {
    @Test("a refiner is listed with the step it takes over at, when the renderer knows it")
    func refinerSwitchStep() {
        let table = DatasetCard.rendering([
            RenderSettings(backend: "comfyui", checkpoint: "base", refiner: "refiner", refinerSwitchStep: 16, steps: 20),
            RenderSettings(backend: "a1111", refiner: "refiner", steps: 40),
        ])
        #expect(table.contains("| comfyui | base | refiner from step 16 | 20 |"), "\(table)")
        #expect(table.contains("| a1111 | — | refiner | 40 |"), "\(table)")
    }
}
