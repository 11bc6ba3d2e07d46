-- CreateTable
CREATE TABLE "ExchangeRate" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "baseCurrency" TEXT NOT NULL,
    "currency" TEXT NOT NULL,
    "rateMicros" INTEGER NOT NULL,
    "validFrom" DATETIME NOT NULL,
    "createdById" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateIndex
CREATE INDEX "ExchangeRate_baseCurrency_currency_validFrom_idx" ON "ExchangeRate"("baseCurrency", "currency", "validFrom");

