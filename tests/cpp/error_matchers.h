// Helpers for tests that check an error's class and message.
#pragma once

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "kiln/error.h"

// Runs `statement`, expects it to throw ErrorType, and checks that the
// message contains `substring`.
#define EXPECT_KILN_ERROR(statement, ErrorType, substring)                       \
  do {                                                                           \
    try {                                                                        \
      statement;                                                                 \
      ADD_FAILURE() << "expected " #ErrorType " from: " #statement;              \
    } catch (const ErrorType& e) {                                               \
      EXPECT_THAT(std::string(e.what()), ::testing::HasSubstr(substring));       \
    }                                                                            \
  } while (0)
