#pragma once
#include <chrono>
#include <cstdio>
#include <map>
#include <string>
namespace probe {
struct Acc { std::map<std::string, std::pair<double,long>> m; ~Acc() { for (auto& [k,v] : m) fprintf(stderr, "PROBE %-28s %8.1f us x%ld\n", k.c_str(), v.first*1e6/v.second, v.second); } };
inline Acc& acc() { static Acc a; return a; }
struct T { const char* n; std::chrono::steady_clock::time_point t0 = std::chrono::steady_clock::now(); ~T() { auto& e = acc().m[n]; e.first += std::chrono::duration<double>(std::chrono::steady_clock::now()-t0).count(); e.second++; } };
}
#define PROBE(name) probe::T probe_##__LINE__{name}
