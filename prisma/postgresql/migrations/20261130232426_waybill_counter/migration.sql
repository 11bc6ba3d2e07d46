-- CreateTable
CREATE TABLE "WaybillCounter" (
    "portCode" TEXT NOT NULL,
    "year" INTEGER NOT NULL,
    "last" INTEGER NOT NULL,

    CONSTRAINT "WaybillCounter_pkey" PRIMARY KEY ("portCode","year")
);

