-- CreateTable
CREATE TABLE "DepartureImport" (
    "id" TEXT NOT NULL,
    "uploadedById" TEXT NOT NULL,
    "sha256" TEXT NOT NULL,
    "fileName" TEXT NOT NULL,
    "encoding" TEXT NOT NULL,
    "content" BYTEA NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "appliedAt" TIMESTAMP(3),
    "created" INTEGER NOT NULL DEFAULT 0,
    "updated" INTEGER NOT NULL DEFAULT 0,
    "unchanged" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "DepartureImport_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "DepartureImport_createdAt_idx" ON "DepartureImport"("createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "DepartureImport_uploadedById_sha256_key" ON "DepartureImport"("uploadedById", "sha256");

