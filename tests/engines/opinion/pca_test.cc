#include "engines/opinion/pca.h"

#include <cmath>
#include <numeric>
#include <random>

#include <gtest/gtest.h>

#include "engines/opinion/gram_product.h"
#include "engines/opinion/gram_rows_avx2.h"
#include "engines/opinion/projection.h"
#include "planted.h"

namespace plenary::opinion {
namespace {

struct Built {
  VoteMatrix matrix;
  ColumnTotals totals;
  std::vector<int64_t> ids;
};

Built Build(const testing::Planted& planted, int rows, int cols) {
  Built b;
  const VoteLog log = testing::PlantedLog(planted);
  b.matrix = MergeVotes({}, log, rows, cols, b.totals);
  b.ids.resize(cols);
  std::iota(b.ids.begin(), b.ids.end(), 0);
  return b;
}

double AbsCos(const std::vector<double>& a, const std::vector<double>& b) {
  double ab = 0, aa = 0, bb = 0;
  for (size_t i = 0; i < a.size(); ++i) {
    ab += a[i] * b[i];
    aa += a[i] * a[i];
    bb += b[i] * b[i];
  }
  return std::abs(ab) / std::sqrt(aa * bb);
}

// The projections kept from the rows' sums equal a projection pass's, to 1e-6 of the largest.
void ExpectProjectedAsByAPass(const VoteMatrix& matrix, const RowProjection& rows, const Pca& pca,
                              std::span<const uint8_t> mod_out, int threads) {
  const std::vector<Point> from_rows = ProjectFromRows(matrix, rows, mod_out);
  const std::vector<Point> direct = ProjectParticipants(matrix, pca, mod_out, threads);
  ASSERT_EQ(from_rows.size(), direct.size());
  double largest = 0;
  for (const Point& p : direct) {
    largest = std::max({largest, std::abs(p.x), std::abs(p.y)});
  }
  for (size_t r = 0; r < direct.size(); ++r) {
    EXPECT_NEAR(from_rows[r].x, direct[r].x, 1e-6 * largest);
    EXPECT_NEAR(from_rows[r].y, direct[r].y, 1e-6 * largest);
  }
}

TEST(ComputePca, RecoversAPlantedAxis) {
  // Two camps: the first axis must be the direction between their stances.
  const testing::Planted planted = testing::MakePlanted(3000, 60, 2, 0.5, 0.85, 11);
  const Built b = Build(planted, 3000, 60);
  const std::vector<uint8_t> mod_out(60, 0);
  const Pca pca = ComputePca(b.matrix, ColumnMeans(b.totals, mod_out), mod_out, b.ids, nullptr, {});
  std::vector<double> planted_axis(60);
  for (int c = 0; c < 60; ++c) {
    planted_axis[c] = planted.stance[0][c] - planted.stance[1][c];
  }
  EXPECT_GT(AbsCos(pca.axes[0], planted_axis), 0.98);
  EXPECT_LT(AbsCos(pca.axes[1], planted_axis), 0.1);
  EXPECT_GT(pca.eigenvalues[0], 3 * pca.eigenvalues[1]);
}

// Xc^T Xc computed densely, the way Polis builds it, for comparison.
std::vector<double> DenseGram(const Built& b, const std::vector<double>& mu,
                              const std::vector<uint8_t>& mod_out) {
  const int m = b.matrix.cols;
  std::vector<double> gram(m * m, 0.0);
  std::vector<double> row(m);
  for (int32_t r = 0; r < b.matrix.rows; ++r) {
    std::fill(row.begin(), row.end(), 0.0);  // imputed cells are exactly the mean: 0 centred
    for (uint64_t k = b.matrix.row_start[r]; k < b.matrix.row_start[r + 1]; ++k) {
      const uint32_t c = b.matrix.col[k];
      row[c] = mod_out[c] ? 0 : b.matrix.value[k] - mu[c];
    }
    for (int i = 0; i < m; ++i) {
      for (int j = 0; j < m; ++j) {
        gram[i * m + j] += row[i] * row[j];
      }
    }
  }
  return gram;
}

TEST(ComputePca, MatchesDensePowerIterationWithDeflation) {
  const testing::Planted planted = testing::MakePlanted(400, 25, 3, 0.6, 0.8, 5);
  const Built b = Build(planted, 400, 25);
  std::vector<uint8_t> mod_out(25, 0);
  mod_out[3] = 1;
  const std::vector<double> mu = ColumnMeans(b.totals, mod_out);
  const Pca pca = ComputePca(b.matrix, mu, mod_out, b.ids, nullptr, {1000, 1e-13, 1, 1});
  const std::vector<double> gram = DenseGram(b, mu, mod_out);
  // Dense power iteration, component 1 then component 2 on the deflated operator.
  std::vector<std::vector<double>> axes;
  for (int a = 0; a < 2; ++a) {
    std::vector<double> w(25, 1.0), next(25);
    for (int it = 0; it < 5000; ++it) {
      for (int i = 0; i < 25; ++i) {
        next[i] = 0;
        for (int j = 0; j < 25; ++j) {
          next[i] += gram[i * 25 + j] * w[j];
        }
      }
      for (const auto& prev : axes) {
        const double d = std::inner_product(prev.begin(), prev.end(), next.begin(), 0.0);
        for (int i = 0; i < 25; ++i) {
          next[i] -= d * prev[i];
        }
      }
      const double norm =
          std::sqrt(std::inner_product(next.begin(), next.end(), next.begin(), 0.0));
      for (int i = 0; i < 25; ++i) {
        w[i] = next[i] / norm;
      }
    }
    axes.push_back(w);
  }
  EXPECT_GT(AbsCos(pca.axes[0], axes[0]), 1 - 1e-9);
  EXPECT_GT(AbsCos(pca.axes[1], axes[1]), 1 - 1e-9);
  EXPECT_EQ(pca.axes[0][3], 0.0);
  EXPECT_EQ(pca.axes[1][3], 0.0);
}

TEST(ComputePca, FixesSignsAndIsOrthonormal) {
  const Built b = Build(testing::MakePlanted(500, 30, 3, 0.5, 0.8, 9), 500, 30);
  const std::vector<uint8_t> mod_out(30, 0);
  const Pca pca = ComputePca(b.matrix, ColumnMeans(b.totals, mod_out), mod_out, b.ids, nullptr, {});
  for (const auto& axis : pca.axes) {
    const auto largest = std::max_element(
        axis.begin(), axis.end(), [](double x, double y) { return std::abs(x) < std::abs(y); });
    EXPECT_GT(*largest, 0);
    EXPECT_NEAR(std::inner_product(axis.begin(), axis.end(), axis.begin(), 0.0), 1.0, 1e-12);
  }
  EXPECT_NEAR(std::inner_product(pca.axes[0].begin(), pca.axes[0].end(), pca.axes[1].begin(), 0.0),
              0.0, 1e-12);
}

TEST(ComputePca, WarmStartNeedsFewerIterations) {
  const Built b = Build(testing::MakePlanted(2000, 80, 3, 0.4, 0.8, 21), 2000, 80);
  const std::vector<uint8_t> mod_out(80, 0);
  const std::vector<double> mu = ColumnMeans(b.totals, mod_out);
  const Pca cold = ComputePca(b.matrix, mu, mod_out, b.ids, nullptr, {});
  const Pca warm = ComputePca(b.matrix, mu, mod_out, b.ids, &cold, {});
  EXPECT_LE(warm.iterations, 2);
  EXPECT_GT(cold.iterations, warm.iterations);
  EXPECT_GT(AbsCos(cold.axes[0], warm.axes[0]), 1 - 1e-12);
}

TEST(ComputePca, LobpcgReachesTheSameAxesInFewerPasses) {
  const Built b = Build(testing::MakePlanted(3000, 120, 4, 0.4, 0.8, 17), 3000, 120);
  const std::vector<uint8_t> mod_out(120, 0);
  const std::vector<double> mu = ColumnMeans(b.totals, mod_out);
  PcaOptions plain_options;
  plain_options.tolerance = 1e-9;
  PcaOptions fast_options = plain_options;
  plain_options.accelerated_iterations = 0;  // subspace iteration only
  const Pca plain = ComputePca(b.matrix, mu, mod_out, b.ids, nullptr, plain_options);
  const Pca fast = ComputePca(b.matrix, mu, mod_out, b.ids, nullptr, fast_options);
  EXPECT_GT(AbsCos(plain.axes[0], fast.axes[0]), 1 - 1e-12);
  EXPECT_GT(AbsCos(plain.axes[1], fast.axes[1]), 1 - 1e-12);
  EXPECT_NEAR(plain.eigenvalues[1], fast.eigenvalues[1], 1e-9 * plain.eigenvalues[1]);
  EXPECT_LT(fast.iterations, plain.iterations);
}

// Single precision keeps the centred votes from the first product on: every product applies the
// same operator, within about 1e-7 of double precision.
TEST(GramProduct, SinglePrecisionIsConsistentAndCloseToDouble) {
  const Built b = Build(testing::MakePlanted(6000, 150, 3, 0.5, 0.8, 12), 6000, 150);
  std::vector<uint8_t> mod_out(150, 0);
  mod_out[7] = 1;
  const std::vector<double> mu = ColumnMeans(b.totals, mod_out);
  Block w(4, std::vector<double>(150));
  std::mt19937_64 random(2);
  std::uniform_real_distribution<double> unit(-1, 1);
  for (auto& v : w) {
    for (size_t c = 0; c < v.size(); ++c) {
      v[c] = mod_out[c] ? 0 : unit(random);
    }
  }
  GramScratch single, precise;
  const Block first = GramProduct(b.matrix, mu, w, mod_out, 2, single, true);
  const Block again = GramProduct(b.matrix, mu, w, mod_out, 1, single, true);
  const Block exact = GramProduct(b.matrix, mu, w, mod_out, 2, precise, false);
  EXPECT_EQ(first, again);
  double largest = 0;
  for (const auto& v : exact) {
    for (const double x : v) {
      largest = std::max(largest, std::abs(x));
    }
  }
  for (size_t j = 0; j < w.size(); ++j) {
    EXPECT_EQ(first[j][7], 0.0);
    for (size_t c = 0; c < 150; ++c) {
      EXPECT_NEAR(first[j][c], exact[j][c], 1e-6 * largest);
    }
  }
}

// The AVX2 kernel of the single-precision product (used when the processor has it) against a
// plain double-precision computation of the same sums from the same centred votes.
TEST(GramProduct, Avx2RowsMatchAPlainComputation) {
  if (!HasAvx2Fma()) {
    GTEST_SKIP() << "no AVX2/FMA";
  }
  const Built b = Build(testing::MakePlanted(1500, 90, 3, 0.5, 0.8, 17), 1500, 90);
  const std::vector<uint8_t> none_out(90, 0);
  const std::vector<double> mu = ColumnMeans(b.totals, none_out);
  std::vector<uint8_t> mod_out(90, 0);  // only counted: every seventh column
  for (size_t c = 0; c < mod_out.size(); c += 7) {
    mod_out[c] = 1;
  }
  std::mt19937_64 random(5);
  std::uniform_real_distribution<double> unit(-1, 1);
  std::vector<float> table(4 * 90);
  for (float& t : table) {
    t = static_cast<float>(unit(random));
  }
  std::vector<float> out(4 * 90, 0.0f);
  std::vector<double> row_sums(4 * static_cast<size_t>(b.matrix.rows));
  std::vector<float> buffer;
  std::vector<int32_t> moderated(b.matrix.rows, -1), moderated_again(b.matrix.rows, -1);
  Block w(4, std::vector<double>(90));  // the table's values, by vector
  for (size_t c = 0; c < 90; ++c) {
    for (int j = 0; j < 4; ++j) {
      w[j][c] = table[4 * c + j];
    }
  }
  const std::vector<float> entries = CentringEntries(mu, w);
  MultiplyRowsAvx2(b.matrix, nullptr, 0, b.matrix.rows, entries.data(), out.data(), row_sums.data(),
                   mod_out.data(), moderated.data(), ModeratedCount::kAll, buffer);
  // Without the row sums, the same product and counts.
  std::vector<float> out_again(4 * 90, 0.0f);
  MultiplyRowsAvx2(b.matrix, nullptr, 0, b.matrix.rows, entries.data(), out_again.data(), nullptr,
                   mod_out.data(), moderated_again.data(), ModeratedCount::kAll, buffer);
  EXPECT_EQ(out_again, out);
  for (int32_t r = 0; r < b.matrix.rows; ++r) {
    int32_t count = 0;
    for (uint64_t k = b.matrix.row_start[r]; k < b.matrix.row_start[r + 1]; ++k) {
      count += mod_out[b.matrix.col[k]];
    }
    EXPECT_EQ(moderated[r], count);
    EXPECT_EQ(moderated_again[r], count);
  }
  std::vector<double> expected(4 * 90, 0.0);
  double largest = 0;
  for (int32_t r = 0; r < b.matrix.rows; ++r) {
    double s[4] = {};
    for (uint64_t k = b.matrix.row_start[r]; k < b.matrix.row_start[r + 1]; ++k) {
      const double xk = static_cast<float>(b.matrix.value[k] - mu[b.matrix.col[k]]);
      for (int j = 0; j < 4; ++j) {
        s[j] += xk * table[4 * b.matrix.col[k] + j];
      }
    }
    for (int j = 0; j < 4; ++j) {
      EXPECT_NEAR(row_sums[4 * r + j], s[j], 1e-9 * (1 + std::abs(s[j])));
    }
    for (uint64_t k = b.matrix.row_start[r]; k < b.matrix.row_start[r + 1]; ++k) {
      const double xk = static_cast<float>(b.matrix.value[k] - mu[b.matrix.col[k]]);
      for (int j = 0; j < 4; ++j) {
        expected[4 * b.matrix.col[k] + j] += xk * static_cast<float>(s[j]);
      }
    }
  }
  for (const double e : expected) {
    largest = std::max(largest, std::abs(e));
  }
  for (size_t i = 0; i < out.size(); ++i) {
    EXPECT_NEAR(out[i], expected[i], 1e-5 * largest);
  }
}

// An incremental update's one pass projects the rows on the way: the projection from the kept
// sums is the projection onto the reported axes, those axes are close to a full PCA's of the new
// matrix, and the block moved on by one step for the next update.
TEST(ComputePca, IncrementalPassProjectsTheRows) {
  const testing::Planted planted = testing::MakePlanted(3000, 120, 3, 0.45, 0.8, 23);
  Built b = Build(planted, 3000, 120);
  std::vector<uint8_t> mod_out(120, 0);
  mod_out[11] = 1;
  const Pca cold =
      ComputePca(b.matrix, ColumnMeans(b.totals, mod_out), mod_out, b.ids, nullptr, {});
  // 1% new votes (re-votes flipped, so that the matrix changes).
  VoteLog more;
  std::mt19937_64 random(8);
  for (size_t i = 0; i < b.matrix.nnz() / 100; ++i) {
    const auto& v = planted.votes[random() % planted.votes.size()];
    more.Add(static_cast<uint32_t>(v.participant), static_cast<uint32_t>(v.comment),
             static_cast<int8_t>(-static_cast<int>(v.vote)));
  }
  b.matrix = MergeVotes(b.matrix, more, 3000, 120, b.totals);
  const std::vector<double> mu = ColumnMeans(b.totals, mod_out);
  PcaOptions one_pass;
  one_pass.max_iterations = 1;
  RowProjection rows;
  const Pca warm = ComputePca(b.matrix, mu, mod_out, b.ids, &cold, one_pass, &rows);
  ASSERT_EQ(rows.rows.sums.size(), 4u * 3000);
  EXPECT_EQ(warm.iterations, 1);
  ExpectProjectedAsByAPass(b.matrix, rows, warm, mod_out, 2);
  EXPECT_NEAR(std::sqrt(std::inner_product(warm.axes[0].begin(), warm.axes[0].end(),
                                           warm.axes[0].begin(), 0.0)),
              1.0, 1e-12);
  EXPECT_NEAR(
      std::inner_product(warm.axes[0].begin(), warm.axes[0].end(), warm.axes[1].begin(), 0.0), 0.0,
      1e-12);
  const Pca full = ComputePca(b.matrix, mu, mod_out, b.ids, nullptr, {});
  EXPECT_GT(AbsCos(warm.axes[0], full.axes[0]), 0.999);
  EXPECT_GT(AbsCos(warm.axes[1], full.axes[1]), 0.99);
  EXPECT_GT(AbsCos(warm.basis[0], full.axes[0]), AbsCos(warm.axes[0], full.axes[0]) - 1e-9);
}

// A full update that LOBPCG finishes by itself keeps the rows' products with its final block
// (combined as the block is, lobpcg.h): they project as ProjectParticipants does with the same
// axes. Handed over to subspace iteration, it leaves the projection to ProjectParticipants.
TEST(ComputePca, FullUpdateKeepsTheRowsProductsWhenLobpcgFinishes) {
  const testing::Planted planted = testing::MakePlanted(3000, 120, 3, 0.45, 0.8, 23);
  const Built b = Build(planted, 3000, 120);
  std::vector<uint8_t> mod_out(120, 0);
  mod_out[11] = 1;
  const std::vector<double> mu = ColumnMeans(b.totals, mod_out);
  for (const int threads : {1, 2}) {
    PcaOptions options;
    options.threads = threads;
    RowProjection rows;
    const Pca pca = ComputePca(b.matrix, mu, mod_out, b.ids, nullptr, options, &rows);
    ASSERT_EQ(rows.rows.sums.size(), 4u * 3000);
    ASSERT_EQ(rows.rows.moderated.size(), 3000u);
    EXPECT_GT(pca.iterations, 3);
    // The axes are those of a run without `projection`.
    EXPECT_EQ(pca.axes, ComputePca(b.matrix, mu, mod_out, b.ids, nullptr, options).axes);
    ExpectProjectedAsByAPass(b.matrix, rows, pca, mod_out, threads);
  }
  // Known moderated counts are kept, not recounted.
  RowProjection known;
  known.rows.moderated.assign(3000, 0);
  known.rows.moderated_count = ModeratedCount::kNone;
  ComputePca(b.matrix, mu, mod_out, b.ids, nullptr, {}, &known);
  EXPECT_EQ(known.rows.moderated, std::vector<int32_t>(3000, 0));
  // Above `tracked_rows` rows the projection is left to ProjectParticipants, with the same axes.
  PcaOptions few;
  few.tracked_rows = 2999;
  RowProjection untracked;
  EXPECT_EQ(ComputePca(b.matrix, mu, mod_out, b.ids, nullptr, few, &untracked).axes,
            ComputePca(b.matrix, mu, mod_out, b.ids, nullptr, {}).axes);
  EXPECT_TRUE(untracked.rows.sums.empty());
  // LOBPCG stopped early: subspace iteration finishes, and the rows are left empty.
  PcaOptions handed_over;
  handed_over.accelerated_iterations = 4;
  RowProjection rows;
  const Pca pca = ComputePca(b.matrix, mu, mod_out, b.ids, nullptr, handed_over, &rows);
  EXPECT_GT(pca.iterations, 4);
  EXPECT_TRUE(rows.rows.sums.empty());
}

TEST(ComputePca, SameResultForAnyThreadCount) {
  const Built b = Build(testing::MakePlanted(6000, 100, 3, 0.5, 0.8, 4), 6000, 100);
  ASSERT_GT(b.matrix.nnz(), 200'000u);  // large enough to be split into blocks
  const std::vector<uint8_t> mod_out(100, 0);
  const std::vector<double> mu = ColumnMeans(b.totals, mod_out);
  for (const double tolerance : {1e-7, 1e-5}) {  // double and single precision
    const Pca one = ComputePca(b.matrix, mu, mod_out, b.ids, nullptr, {100, tolerance, 1, 1});
    const Pca two = ComputePca(b.matrix, mu, mod_out, b.ids, nullptr, {100, tolerance, 1, 2});
    EXPECT_EQ(one.axes, two.axes);
    EXPECT_EQ(one.iterations, two.iterations);
  }
}

}  // namespace
}  // namespace plenary::opinion
