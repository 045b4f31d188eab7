#ifndef STEPWISE_CLUASHIMS_H
#define STEPWISE_CLUASHIMS_H
#include "../../CLua/CLua.h"
#endif
