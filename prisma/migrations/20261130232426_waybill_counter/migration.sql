-- CreateTable
CREATE TABLE "WaybillCounter" (
    "portCode" TEXT NOT NULL,
    "year" INTEGER NOT NULL,
    "last" INTEGER NOT NULL,

    PRIMARY KEY ("portCode", "year")
);

