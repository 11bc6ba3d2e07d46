-- CreateTable
CREATE TABLE "DepartureImport" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "uploadedById" TEXT NOT NULL,
    "sha256" TEXT NOT NULL,
    "fileName" TEXT NOT NULL,
    "encoding" TEXT NOT NULL,
    "content" BLOB NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "appliedAt" DATETIME,
    "created" INTEGER NOT NULL DEFAULT 0,
    "updated" INTEGER NOT NULL DEFAULT 0,
    "unchanged" INTEGER NOT NULL DEFAULT 0
);

-- CreateIndex
CREATE INDEX "DepartureImport_createdAt_idx" ON "DepartureImport"("createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "DepartureImport_uploadedById_sha256_key" ON "DepartureImport"("uploadedById", "sha256");

