package dev.chirp.bench.services;

import java.util.List;

import dev.chirp.bench.load.CeilingSearch;

/**
 * What one service's bench measured, for its block of docs/benchmarks-services.md.
 *
 * @param module   the Maven module the block is named after ({@code user-service}, …)
 * @param data     lines describing the data set the requests ran over
 * @param sections rendered Markdown that comes before the ceilings (index size and lag, gateway ratios)
 * @param ceilings one per request type, in the order measured
 * @param notes    what the reader must know to read the numbers (side effects left in the system, shortfalls)
 */
record ServiceResult(String module, List<String> data, List<String> sections, List<Ceiling> ceilings,
                     List<String> notes) {

    /** A ceiling search with what its request was. */
    record Ceiling(String request, CeilingSearch.Result result) {
    }
}
