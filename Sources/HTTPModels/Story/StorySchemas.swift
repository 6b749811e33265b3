import Models
import Foundation

/// The JSON Schema of each level's answer: exact counts, the movie's own locations, names and the paper's verbs as
/// enums, and a length bound on every string, so a server that constrains its output by schema (OpenAI strict mode,
/// llama.cpp's grammar, vLLM, SGLang) can only write an answer of the contract's shape and size.
public enum StorySchemas {
    /// The genres a plot may have (the paper's list).
    public static let genres = ["Drama", "Comedy", "Romance", "Anime", "Adventure", "Family", "Historical", "Horror",
                                "Mystery", "Crime", "Action", "Fantasy", "Disaster", "Sci-Fi", "Biography"]
    /// Locations a plot may list (the paper asks for at least 12).
    public static let locationRange = 12...16
    /// Characters a plot may have: 1-2 main and 0-1 supporting.
    public static let characterRange = 1...3

    /// A question that starts with its QA type's word and ends with a question mark.
    static let question = JSONSchema.string(maxLength: 160, pattern: "^(What|Why|How|Where) [A-Za-z0-9 ,'-]{4,150}[?]$")
    static let qa = JSONSchema.object([("question", question), ("answer", .string(maxLength: 300))])
    /// A place name of one or two words ("Old Harbor").
    static let place = JSONSchema.string(maxLength: 30, pattern: "^[A-Z][A-Za-z'-]{1,13}( [A-Z][A-Za-z'-]{1,13})?$")
    /// One style word ("Dramatic").
    static let styleWord = JSONSchema.string(maxLength: 20, pattern: "^[A-Z][a-z]{2,18}$")
    /// A character's name.
    static let personName = JSONSchema.string(maxLength: 30, pattern: "^[A-Z][A-Za-z'-]{1,14}( [A-Z][A-Za-z'-]{1,14})?$")

    /// Level 1: the movie prior and exactly `substories` substories.
    public static func plot(substories: Int) -> JSONSchema {
        return .object([
            ("title", .string(maxLength: 80)),
            ("overview", .string(maxLength: 600)),
            ("genre", .string(maxLength: 12, choices: genres)),
            ("theme", .string(maxLength: 120)),
            ("style", .object([("keyword", styleWord), ("tone", .string(maxLength: 160)),
                               ("description", .string(maxLength: 300))])),
            ("locations", .array(place, min: locationRange.lowerBound, max: locationRange.upperBound)),
            ("characters", .array(.object([("name", personName), ("role", .string(maxLength: 10, choices: ["main", "supporting"])),
                                           ("appearance", .string(maxLength: 120))]),
                                  min: characterRange.lowerBound, max: characterRange.upperBound)),
            ("substories", .array(.object([("scene", .array(place, min: 1, max: 3)), ("content", .string(maxLength: 500)),
                                           ("qa", qa)]),
                                  min: substories, max: substories)),
        ])
    }

    /// Level 1's follow-up when a plot named too few different places: one slot per group of candidates
    /// (``PlaceCatalog``), each filled with one place of its own group.
    public static func places(groups: [[String]]) -> JSONSchema {
        .object(groups.enumerated().map { index, group in (PlaceCatalog.slot(index), choice(group)) })
    }

    /// Level 2: exactly `tinystories` tinystories, each at one of the movie's locations, and one QA pair.
    public static func substory(tinystories: Int, locations: [String]) -> JSONSchema {
        .object([
            ("tinystories", .array(.object([("location", choice(locations)), ("content", .string(maxLength: 300))]),
                                   min: tinystories, max: tinystories)),
            ("qa", qa),
        ])
    }

    /// Level 3: exactly `keyframes` keyframes (location, cast and verb from the movie's own lists) and two QA pairs.
    public static func tinystory(keyframes: Int, locations: [String], names: [String]) -> JSONSchema {
        let frame = JSONSchema.object([
            ("location", choice(locations)),
            ("characters", .array(choice(names), min: 1, max: max(1, min(3, names.count)))),
            ("verb", .string(maxLength: 8, choices: OpenAIStoryModel.keyframeVerbs)),
            ("action", .string(maxLength: 120)),
            ("expression", .string(maxLength: 24)),
            ("dialogue", .nullable(.string(maxLength: 160))),
        ])
        return .object([("keyframes", .array(frame, min: keyframes, max: keyframes)), ("qa", .array(qa, min: 2, max: 2))])
    }

    /// The QA judge's verdict.
    public static let judge = JSONSchema.object([("supported", .boolean), ("reason", .string(maxLength: 200))])

    /// One of `values` (a free bounded string when there are none to choose from).
    static func choice(_ values: [String]) -> JSONSchema {
        let unique = Array(Set(values)).sorted()
        return unique.isEmpty ? .string(maxLength: 30) : .string(maxLength: unique.map(\.count).max() ?? 30, choices: unique)
    }
}
