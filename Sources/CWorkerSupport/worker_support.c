#include "worker_support.h"
